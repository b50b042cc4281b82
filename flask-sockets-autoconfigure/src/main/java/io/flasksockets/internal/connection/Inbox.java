package io.flasksockets.internal.connection;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * A socket's queue of received messages, bounded in count and in size, and sharing a {@link Budget} of bytes with
 * the inboxes of every other socket of the node. Putting never waits: once the inbox is full, or the budget spent,
 * reading from the peer pauses, so that TCP pushes back on the peer while no thread waits, and it resumes as soon
 * as the handler has taken a message and there is room again (for an inbox paused by the budget, as soon as any
 * inbox gives bytes back). Closing wakes the handler; messages already queued are still taken.
 *
 * <p>At most one message more than the bounds allow is held: the one whose arrival filled the inbox.
 */
final class Inbox {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final ArrayDeque<Message> messages;

	private final int capacity;

	private final long sizeLimit;

	private final Connection connection;

	private final Budget budget;

	private long size;

	private boolean closed;

	private boolean paused;

	private boolean handlerWaiting;

	private @Nullable Runnable whenTaken;

	/**
	 * Create an inbox.
	 * @param capacity how many messages it holds before reading pauses
	 * @param sizeLimit how large its messages may be together (bytes, or characters of text) before reading pauses
	 * @param connection the connection whose reading it pauses and resumes
	 * @param budget the bytes every inbox of the node may hold together
	 */
	Inbox(int capacity, long sizeLimit, Connection connection, Budget budget) {
		this.capacity = capacity;
		this.sizeLimit = sizeLimit;
		this.connection = connection;
		this.budget = budget;
		this.messages = new ArrayDeque<>(Math.min(capacity, 4));
	}

	/**
	 * Add a message and pause reading if the inbox is now full. Invoked on the container's thread while it
	 * delivers; never waits. A message put after {@link #close()} is dropped.
	 * @return whether the handler was waiting for it (or was woken and has yet to run) and reading goes on, on a
	 * thread that came in from the container, not from another inbox resuming its reading
	 */
	boolean put(Message message) {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			long bytes = PayloadSize.counted(message);
			this.messages.add(message);
			this.size += bytes;
			this.budget.take(bytes);
			this.notEmpty.signal();
			if (!this.paused && isFull()) {
				this.paused = true;
				this.budget.waiting.add(this);
				this.connection.pauseReading();
			}
			return this.handlerWaiting && !this.paused && this.lock.getHoldCount() == 1;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the next message, waiting at most the given time, or forever if it is negative; resume reading if the
	 * inbox has room again.
	 * @return the message, or {@code null} if the time elapsed or the inbox is closed and empty
	 */
	@Nullable Message take(long timeout, TimeUnit unit) throws InterruptedException {
		long nanos = unit.toNanos(timeout);
		Runnable caughtUp = null;
		Message message;
		this.lock.lock();
		try {
			while (this.messages.isEmpty() && !this.closed) {
				if (timeout >= 0 && nanos <= 0) {
					return null;
				}
				this.handlerWaiting = true;
				try {
					if (timeout < 0) {
						this.notEmpty.await();
					}
					else {
						nanos = this.notEmpty.awaitNanos(nanos);
					}
				}
				finally {
					this.handlerWaiting = false;
				}
			}
			message = this.messages.poll();
			if (message != null) {
				long bytes = PayloadSize.counted(message);
				this.size -= bytes;
				this.budget.give(bytes);
				resumeIfRoom();
			}
			else {
				caughtUp = this.whenTaken;
				this.whenTaken = null;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (caughtUp != null) {
			caughtUp.run();
		}
		if (message != null) {
			this.budget.wakeWaiting();
		}
		return message;
	}

	/**
	 * Whether reading is paused because the inbox is full: the peer is then not heard, through no fault of its
	 * own.
	 */
	boolean isPaused() {
		return this.paused;
	}

	/**
	 * Refuse further messages and wake the handler. Reading resumes if it was paused, so that the container can
	 * finish the close handshake.
	 */
	void close() {
		close(null);
	}

	/**
	 * Refuse further messages, wake the handler, and run the given action once the handler has taken every queued
	 * message and asks for another.
	 */
	void close(@Nullable Runnable whenTaken) {
		this.lock.lock();
		try {
			if (!this.closed) {
				this.closed = true;
				this.whenTaken = whenTaken;
			}
			this.notEmpty.signalAll();
			if (this.paused) {
				this.paused = false;
				this.budget.waiting.remove(this);
				this.connection.resumeReading();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Close, and drop what is queued, giving its bytes back to the budget: the handler takes no more.
	 */
	void discard() {
		close();
		this.lock.lock();
		try {
			this.messages.clear();
			this.budget.give(this.size);
			this.size = 0;
		}
		finally {
			this.lock.unlock();
		}
		this.budget.wakeWaiting();
	}

	/**
	 * Resume reading if the inbox is paused but has room now. Invoked with the lock held.
	 */
	private void resumeIfRoom() {
		if (this.paused && !isFull()) {
			this.paused = false;
			this.budget.waiting.remove(this);
			this.connection.resumeReading();
		}
	}

	private void retry() {
		this.lock.lock();
		try {
			resumeIfRoom();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean isFull() {
		return this.messages.size() >= this.capacity || this.size >= this.sizeLimit || this.budget.isSpent();
	}

	/**
	 * The bytes, or characters of text, that the inboxes of a node may hold together, and the inboxes paused until
	 * some are given back.
	 */
	static final class Budget extends ByteBudget {

		private final Set<Inbox> waiting = ConcurrentHashMap.newKeySet();

		/**
		 * Create a budget.
		 * @param limit the bytes the inboxes may hold together, or {@link Long#MAX_VALUE} for no limit
		 */
		Budget(long limit) {
			super(limit);
		}

		/**
		 * Let each paused inbox resume if it has room now; invoked with no inbox's lock held.
		 */
		private void wakeWaiting() {
			if (!this.waiting.isEmpty() && !isSpent()) {
				this.waiting.forEach(Inbox::retry);
			}
		}

	}

}
