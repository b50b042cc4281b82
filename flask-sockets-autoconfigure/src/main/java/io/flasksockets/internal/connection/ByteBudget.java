package io.flasksockets.internal.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that queues of all the sockets of a node hold together, against a limit that each kind of queue
 * enforces in its own way.
 */
class ByteBudget {

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	/**
	 * Create a budget.
	 * @param limit the bytes the queues may hold together, or {@link Long#MAX_VALUE} for no limit
	 */
	ByteBudget(long limit) {
		this.limit = limit;
	}

	long used() {
		return this.used.get();
	}

	long limit() {
		return this.limit;
	}

	boolean isSpent() {
		return this.used.get() >= this.limit;
	}

	/**
	 * Take bytes, whatever the limit.
	 * @return the bytes held now
	 */
	long take(long bytes) {
		return this.used.addAndGet(bytes);
	}

	void give(long bytes) {
		this.used.addAndGet(-bytes);
	}

}
