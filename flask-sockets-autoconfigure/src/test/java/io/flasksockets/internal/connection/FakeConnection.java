package io.flasksockets.internal.connection;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A connection that records what the socket asks of it: whether reading is paused, what is written and in which
 * order, and how it is closed. A write can be held at a gate the test opens, or made to fail.
 */
public final class FakeConnection implements Connection {

	public final List<Object> written = new CopyOnWriteArrayList<>();

	public final List<String> reading = new CopyOnWriteArrayList<>();

	private volatile @Nullable CountDownLatch gate;

	private final CountDownLatch writing = new CountDownLatch(1);

	private volatile @Nullable IOException failure;

	public volatile @Nullable CloseStatus aborted;

	/**
	 * Hold every write until the returned gate is opened.
	 */
	public CountDownLatch holdWrites() {
		CountDownLatch gate = new CountDownLatch(1);
		this.gate = gate;
		return gate;
	}

	/**
	 * Wait until a write is held at the gate.
	 */
	public boolean awaitWriting() throws InterruptedException {
		return this.writing.await(10, TimeUnit.SECONDS);
	}

	public void failWrites(IOException failure) {
		this.failure = failure;
	}

	public boolean isPaused() {
		return !this.reading.isEmpty() && this.reading.getLast().equals("pause");
	}

	@Override
	public void pauseReading() {
		this.reading.add("pause");
	}

	@Override
	public void resumeReading() {
		this.reading.add("resume");
	}

	@Override
	public void write(WebSocketMessage<?> message) throws IOException {
		pass();
		this.written.add(message.getPayload());
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		pass();
		this.written.add(status);
	}

	@Override
	public void abort(CloseStatus status) {
		this.aborted = status;
		CountDownLatch gate = this.gate;
		if (gate != null) {
			gate.countDown();
		}
	}

	private void pass() throws IOException {
		CountDownLatch gate = this.gate;
		if (gate != null) {
			this.writing.countDown();
			try {
				gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted", ex);
			}
		}
		if (this.aborted != null) {
			throw new IOException("Aborted");
		}
		IOException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
	}

}
