package io.flasksockets.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The one writer of a socket. A send writes on the caller's thread, so the common case costs no thread switch;
 * senders on several threads take turns, so messages are never interleaved, and a sender waits for its turn no
 * longer than the send time limit. A post (fan-out, pings) never writes on the caller's thread: it queues the
 * message, and whoever writes next, or one of the starter's threads, writes it. A close is queued like a message,
 * so that everything sent before it is written first.
 *
 * <p>The queue is bounded by bytes, and so are the queues of all the node's sockets together ({@link Budget}); a
 * write in progress is bounded by time ({@link #writingFor(long)}, watched by
 * the runtime's monitor). Once the close frame is written, or the socket is aborted, or a write fails, nothing
 * more is written, and nothing returns as if it had been: a later send fails with {@link ClosedException}. A write
 * that fails on one of the starter's threads is reported to the failure listener, which aborts the socket.
 */
final class Outbox {

	private final Connection connection;

	private final Executor executor;

	private final long bufferLimit;

	private final Budget budget;

	private final long sendTimeLimitNanos;

	private final ObjIntConsumer<WebSocketMessage<?>> written;

	private final Consumer<Exception> asyncFailures;

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private volatile long writeStartedNanos;

	private volatile long closeSentNanos;

	private volatile boolean closed;

	/**
	 * Create an outbox.
	 * @param connection where messages are written
	 * @param executor the starter's own threads, for writes that must not happen on the caller's thread
	 * @param bufferLimit how many bytes may wait behind a write in progress
	 * @param budget how many bytes may wait in the outboxes of the node together
	 * @param sendTimeLimit how long a sender waits for its turn, and one write may take
	 * @param written told of each data message written, on the writing thread, with the size of a binary
	 * message's payload as it was before the write (a container may consume the buffer)
	 * @param asyncFailures told when a write on the executor fails
	 */
	Outbox(Connection connection, Executor executor, long bufferLimit, Budget budget, Duration sendTimeLimit,
			ObjIntConsumer<WebSocketMessage<?>> written, Consumer<Exception> asyncFailures) {
		this.connection = connection;
		this.executor = executor;
		this.bufferLimit = bufferLimit;
		this.budget = budget;
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
		this.written = written;
		this.asyncFailures = asyncFailures;
	}

	/**
	 * Write the message on the caller's thread, after what is queued, waiting for a write in progress on another
	 * thread to finish first.
	 * @throws IOException if the connection is lost or aborted before the message is written
	 * @throws SendLimitException if the turn does not come, or the write does not finish, within the send time
	 * limit
	 * @throws ClosedException if nothing more is written
	 */
	void send(WebSocketMessage<?> message) throws IOException, SendLimitException, ClosedException {
		acquire();
		try {
			drain();
			requireOpen();
			write(message);
		}
		finally {
			this.writeLock.unlock();
		}
		flush();
	}

	/**
	 * Queue the message and return at once; one of the starter's threads writes it if no write is in progress.
	 * @throws SendLimitException if the queue is over its limit, or the node's queues are over their budget while
	 * this one is not empty
	 * @throws ClosedException if nothing more is written
	 */
	void post(WebSocketMessage<?> message) throws SendLimitException, ClosedException {
		requireOpen();
		int size = message.getPayloadLength();
		long queued = this.queuedBytes.addAndGet(size);
		if (queued > this.bufferLimit) {
			this.queuedBytes.addAndGet(-size);
			throw new SendLimitException("Send buffer limit of " + this.bufferLimit + " bytes exceeded");
		}
		// A socket that keeps up has nothing queued: it is never cut for what others leave unread
		if (!this.budget.take(size, queued == size)) {
			this.queuedBytes.addAndGet(-size);
			throw new SendLimitException("Send budget of the node, " + this.budget.limit() + " bytes, exceeded");
		}
		this.queue.add(message);
		if (this.closed) {
			discardQueued();
			return;
		}
		flushLater();
	}

	/**
	 * Close once everything queued before is written; writes on the caller's thread when it can.
	 */
	void close(CloseStatus status) {
		this.queue.add(status);
		try {
			flush();
		}
		catch (IOException | SendLimitException ex) {
			this.asyncFailures.accept(ex);
		}
	}

	/**
	 * Close once everything queued before is written, without writing on the caller's thread.
	 */
	void closeLater(CloseStatus status) {
		this.queue.add(status);
		flushLater();
	}

	/**
	 * Write nothing more and drop what is queued.
	 */
	void stop() {
		this.closed = true;
		discardQueued();
	}

	private void discardQueued() {
		Object next;
		while ((next = this.queue.poll()) != null) {
			if (next instanceof WebSocketMessage<?> message) {
				dequeued(message);
			}
		}
	}

	private void dequeued(WebSocketMessage<?> message) {
		this.queuedBytes.addAndGet(-message.getPayloadLength());
		this.budget.give(message.getPayloadLength());
	}

	/**
	 * Return how long the write in progress has taken so far.
	 * @return the time in nanoseconds, or 0 if no write is in progress
	 */
	long writingFor(long nowNanos) {
		long started = this.writeStartedNanos;
		return (started != 0) ? nowNanos - started : 0;
	}

	/**
	 * Return how long ago the close frame was written.
	 * @return the time in nanoseconds, or -1 if it has not been written
	 */
	long closeSentFor(long nowNanos) {
		long sent = this.closeSentNanos;
		return (sent != 0) ? nowNanos - sent : -1;
	}

	private void acquire() throws IOException, SendLimitException, ClosedException {
		requireOpen();
		try {
			if (!this.writeLock.tryLock() && !this.writeLock.tryLock(this.sendTimeLimitNanos, TimeUnit.NANOSECONDS)) {
				throw sendTimeLimitExceeded();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to send");
		}
	}

	private void requireOpen() throws ClosedException {
		if (this.closed) {
			throw new ClosedException();
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

	/**
	 * Have one of the starter's threads flush, unless a write is in progress (its writer drains the queue before it
	 * lets go) or a flush is already on its way: one waiting task per socket at most, however fast posts come.
	 */
	private void flushLater() {
		if (!this.writeLock.isLocked() && this.flushScheduled.compareAndSet(false, true)) {
			this.executor.execute(() -> {
				// Cleared first: a post from now on is drained by this flush or schedules another
				this.flushScheduled.set(false);
				try {
					flush();
				}
				catch (IOException | SendLimitException ex) {
					this.asyncFailures.accept(ex);
				}
			});
		}
	}

	/**
	 * Write what is queued, in order. Once nothing more is written, what is still queued is dropped: posts never
	 * promised delivery, and the senders are told by {@link #requireOpen()}.
	 */
	private void drain() throws IOException, SendLimitException {
		Object next;
		while ((next = this.queue.poll()) != null) {
			if (next instanceof WebSocketMessage<?> message) {
				dequeued(message);
			}
			if (this.closed) {
				discardQueued();
				return;
			}
			if (next instanceof WebSocketMessage<?> message) {
				write(message);
			}
			else {
				CloseStatus status = (CloseStatus) next;
				timed(() -> this.connection.close(status));
				this.closeSentNanos = System.nanoTime();
				this.closed = true;
			}
		}
	}

	private void write(WebSocketMessage<?> message) throws IOException, SendLimitException {
		int binaryBytes = (message instanceof BinaryMessage) ? message.getPayloadLength() : 0;
		timed(() -> this.connection.write(message));
		if (message instanceof TextMessage || message instanceof BinaryMessage) {
			this.written.accept(message, binaryBytes);
		}
	}

	private void timed(IoAction action) throws IOException, SendLimitException {
		this.writeStartedNanos = System.nanoTime();
		try {
			action.run();
		}
		catch (IOException | RuntimeException ex) {
			stop();
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof SocketTimeoutException) {
				throw sendTimeLimitExceeded();
			}
			throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
		}
		finally {
			this.writeStartedNanos = 0;
		}
	}

	private SendLimitException sendTimeLimitExceeded() {
		return new SendLimitException("Send time limit of " + Duration.ofNanos(this.sendTimeLimitNanos) + " exceeded");
	}

	/**
	 * A write or close on the connection.
	 */
	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

	/**
	 * Thrown when a send would exceed the send time or buffer limit.
	 */
	static final class SendLimitException extends Exception {

		SendLimitException(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Thrown when nothing more is written: the socket closed, aborted or failed to write.
	 */
	static final class ClosedException extends Exception {

		ClosedException() {
			super(null, null, false, false);
		}

	}

	/**
	 * The bytes that the outboxes of a node may hold together.
	 */
	static final class Budget extends ByteBudget {

		/**
		 * Create a budget.
		 * @param limit the bytes the outboxes may hold together, or {@link Long#MAX_VALUE} for no limit
		 */
		Budget(long limit) {
			super(limit);
		}

		/**
		 * Take bytes for a message, unless that would go over the limit and the outbox already holds others.
		 * @param alone whether the message is the only one its outbox holds
		 * @return whether the bytes were taken
		 */
		private boolean take(long bytes, boolean alone) {
			if (take(bytes) > limit() && !alone) {
				give(bytes);
				return false;
			}
			return true;
		}

	}

}
