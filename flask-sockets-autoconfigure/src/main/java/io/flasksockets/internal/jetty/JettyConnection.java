package io.flasksockets.internal.jetty;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.flasksockets.internal.connection.Connection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A socket's connection on Jetty. Jetty reads a frame only when asked to ({@link Session#demand()}): the
 * {@link JettySocketListener} asks again after each part it delivers unless reading is paused, and a resume asks
 * for the part that was not asked for. Writes wait for Jetty's callback; closing the connection fails a write that
 * waits on the peer, so an abort needs no interrupt.
 */
final class JettyConnection implements Connection {

	/**
	 * How long an abort waits for the close frame to go out before it closes the connection regardless.
	 */
	private static final Duration ABORT_CLOSE_FRAME_WAIT = Duration.ofMillis(50);

	private final WebSocketSession session;

	private final Session jettySession;

	private final AtomicReference<Reading> reading = new AtomicReference<>(Reading.ON);

	JettyConnection(WebSocketSession session, Session jettySession) {
		this.session = session;
		this.jettySession = jettySession;
	}

	/**
	 * Ask for the next frame, unless reading is paused, in which case {@link #resumeReading()} asks for it.
	 * Invoked once after each part, pong or opening the listener delivers.
	 */
	void delivered() {
		if (!this.reading.compareAndSet(Reading.PAUSED, Reading.PAUSED_OWING_DEMAND)) {
			this.jettySession.demand();
		}
	}

	@Override
	public void pauseReading() {
		this.reading.compareAndSet(Reading.ON, Reading.PAUSED);
	}

	@Override
	public void resumeReading() {
		if (this.reading.getAndSet(Reading.ON) == Reading.PAUSED_OWING_DEMAND && this.jettySession.isOpen()) {
			this.jettySession.demand();
		}
	}

	/**
	 * Write through Spring's session, which waits for Jetty's callback. An interrupt there ends the wait without
	 * telling whether the message went out, so it counts as a failed write.
	 */
	@Override
	public void write(WebSocketMessage<?> message) throws IOException {
		this.session.sendMessage(message);
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("Interrupted while writing");
		}
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		this.session.close(status);
	}

	@Override
	public void abort(CloseStatus status) {
		Callback.Completable closing = new Callback.Completable();
		try {
			this.jettySession.close(status.getCode(), status.getReason(), closing);
			closing.get(ABORT_CLOSE_FRAME_WAIT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Closed regardless below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.jettySession.disconnect();
		}
	}

	private enum Reading {

		ON, PAUSED, PAUSED_OWING_DEMAND

	}

}
