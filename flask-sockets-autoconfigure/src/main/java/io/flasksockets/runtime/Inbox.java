package io.flasksockets.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * A socket's bounded queue of received messages. The container's thread waits while it is full, so TCP pushes
 * back on the peer; closing wakes every waiter, and messages already queued are still taken.
 */
final class Inbox {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<Message> messages;

	private final int capacity;

	private boolean closed;

	Inbox(int capacity) {
		this.capacity = capacity;
		this.messages = new ArrayDeque<>(Math.min(capacity, 16));
	}

	/**
	 * Add a message, waiting while the inbox is full. A message put after {@link #close()} is dropped.
	 */
	void put(Message message) throws InterruptedException {
		this.lock.lock();
		try {
			while (this.messages.size() >= this.capacity && !this.closed) {
				this.notFull.await();
			}
			if (!this.closed) {
				this.messages.add(message);
				this.notEmpty.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the next message, waiting at most the given time, or forever if it is negative.
	 * @return the message, or {@code null} if the time elapsed or the inbox is closed and empty
	 */
	@Nullable Message take(long timeout, TimeUnit unit) throws InterruptedException {
		long nanos = unit.toNanos(timeout);
		this.lock.lock();
		try {
			while (this.messages.isEmpty() && !this.closed) {
				if (timeout < 0) {
					this.notEmpty.await();
				}
				else if (nanos <= 0) {
					return null;
				}
				else {
					nanos = this.notEmpty.awaitNanos(nanos);
				}
			}
			Message message = this.messages.poll();
			if (message != null) {
				this.notFull.signal();
			}
			return message;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuse further messages and wake every waiter.
	 */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.notEmpty.signalAll();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
