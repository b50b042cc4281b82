package io.flasksockets.runtime;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The one writer of a socket. A send writes on the caller's thread, so the common case costs no thread switch;
 * senders on several threads take turns, so messages are never interleaved, and a sender waits for its turn no
 * longer than the send time limit. A post (fan-out, pings) never writes on the caller's thread: it queues the
 * message, and whoever writes next, or a virtual thread, writes it. A close is queued like a message, so that
 * everything sent before it is written first.
 *
 * <p>The queue is bounded by bytes; a write in progress is bounded by time ({@link #writingFor(long)}, watched by
 * the {@link SocketMonitor}). A peer that exceeds either is cut off, never the server.
 */
final class Outbox {

	private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

	private final WebSocketSession session;

	private final Executor executor;

	private final long bufferLimit;

	private final long sendTimeLimitNanos;

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final ReentrantLock writeLock = new ReentrantLock();

	private volatile long writeStartedNanos;

	private volatile @Nullable Thread writer;

	private volatile boolean closed;

	Outbox(WebSocketSession session, Executor executor, long bufferLimit, Duration sendTimeLimit) {
		this.session = session;
		this.executor = executor;
		this.bufferLimit = bufferLimit;
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
	}

	/**
	 * Write the message on the caller's thread, after what is queued, waiting for a write in progress on another
	 * thread to finish first.
	 * @throws IOException if the connection is lost while this thread writes
	 * @throws SendLimitException if a write in progress does not finish within the send time limit
	 */
	void send(WebSocketMessage<?> message) throws IOException, SendLimitException {
		acquire();
		try {
			drain();
			write(message);
		}
		finally {
			this.writeLock.unlock();
		}
		flush();
	}

	/**
	 * Queue the message and return at once; a virtual thread writes it if no write is in progress.
	 * @throws SendLimitException if the queue is over its limit
	 */
	void post(WebSocketMessage<?> message) throws SendLimitException {
		enqueue(message);
		flushLater();
	}

	/**
	 * Close the session once everything queued before is written; writes on the caller's thread when it can.
	 */
	void close(CloseStatus status) {
		this.queue.add(status);
		try {
			flush();
		}
		catch (IOException | SendLimitException ex) {
			logger.debug("Connection of socket {} lost while closing", this.session.getId(), ex);
		}
	}

	/**
	 * Close the session once everything queued before is written, without writing on the caller's thread.
	 */
	void closeLater(CloseStatus status) {
		this.queue.add(status);
		flushLater();
	}

	/**
	 * Drop what is queued and close the session now, without waiting for a write in progress. The thread stuck in
	 * that write is interrupted before the close, which ends a blocked write on Jetty, and after it, which makes
	 * Tomcat's blocked write notice that the connection is gone.
	 */
	void abort(CloseStatus status) {
		this.closed = true;
		this.queue.clear();
		this.executor.execute(() -> {
			interruptWriter();
			try {
				this.session.close(status);
			}
			catch (IOException ex) {
				logger.debug("Connection of socket {} lost while aborting", this.session.getId(), ex);
			}
			interruptWriter();
		});
	}

	private void interruptWriter() {
		Thread stuck = this.writer;
		if (stuck != null) {
			stuck.interrupt();
		}
	}

	/**
	 * Return how long the write in progress has taken so far.
	 * @return the time in nanoseconds, or 0 if no write is in progress
	 */
	long writingFor(long nowNanos) {
		long started = this.writeStartedNanos;
		return (started != 0) ? nowNanos - started : 0;
	}

	private void acquire() throws IOException, SendLimitException {
		try {
			if (!this.writeLock.tryLock() && !this.writeLock.tryLock(this.sendTimeLimitNanos, TimeUnit.NANOSECONDS)) {
				throw new SendLimitException(
						"Send time limit of " + Duration.ofNanos(this.sendTimeLimitNanos) + " exceeded");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to send");
		}
	}

	private void enqueue(WebSocketMessage<?> message) throws SendLimitException {
		long queued = this.queuedBytes.addAndGet(message.getPayloadLength());
		this.queue.add(message);
		if (queued > this.bufferLimit) {
			throw new SendLimitException("Send buffer limit of " + this.bufferLimit + " bytes exceeded");
		}
	}

	/**
	 * Write what is queued unless another thread is writing; that thread then writes it. Checking the queue
	 * again after letting go of the lock makes sure nothing queued meanwhile is left behind.
	 */
	private void flush() throws IOException, SendLimitException {
		while (!this.queue.isEmpty() && this.writeLock.tryLock()) {
			try {
				drain();
			}
			finally {
				this.writeLock.unlock();
			}
		}
	}

	private void flushLater() {
		if (!this.writeLock.isLocked()) {
			this.executor.execute(() -> {
				try {
					flush();
				}
				catch (IOException | SendLimitException ex) {
					logger.debug("Connection of socket {} lost", this.session.getId(), ex);
				}
			});
		}
	}

	private void drain() throws IOException, SendLimitException {
		Object next;
		while ((next = this.queue.poll()) != null) {
			if (next instanceof WebSocketMessage<?> message) {
				this.queuedBytes.addAndGet(-message.getPayloadLength());
				write(message);
			}
			else if (!this.closed) {
				this.closed = true;
				this.session.close((CloseStatus) next);
			}
		}
	}

	private void write(WebSocketMessage<?> message) throws IOException, SendLimitException {
		if (this.closed) {
			return;
		}
		this.writer = Thread.currentThread();
		this.writeStartedNanos = System.nanoTime();
		try {
			this.session.sendMessage(message);
		}
		catch (IOException | RuntimeException ex) {
			this.closed = true;
			this.queue.clear();
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof SocketTimeoutException) {
				throw new SendLimitException("Send time limit of " + Duration.ofNanos(this.sendTimeLimitNanos)
						+ " exceeded");
			}
			throw (ex instanceof IOException io) ? io : new IOException(ex);
		}
		finally {
			this.writeStartedNanos = 0;
			this.writer = null;
			if (this.closed) {
				// An abort may have interrupted this thread to end the write; that is not the caller's concern
				Thread.interrupted();
			}
		}
	}

	/**
	 * Thrown when a send would take the queue over its limit.
	 */
	static final class SendLimitException extends Exception {

		SendLimitException(String message) {
			super(message, null, false, false);
		}

	}

}
