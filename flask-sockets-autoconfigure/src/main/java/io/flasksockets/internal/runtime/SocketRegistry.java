package io.flasksockets.internal.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.internal.socket.BlockingSocket;

/**
 * The node's open sockets by id, each from its handshake until it is finished, and a wait for all of them to
 * finish: a socket removed from the open ones still counts as unfinished until everything it left behind (its
 * rooms, its listeners) is done, so that shutdown stops what those need only after them.
 */
final class SocketRegistry {

	private final Map<String, BlockingSocket> sockets = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition allFinished = this.lock.newCondition();

	private int unfinished;

	void add(BlockingSocket socket) {
		this.lock.lock();
		try {
			this.unfinished++;
		}
		finally {
			this.lock.unlock();
		}
		this.sockets.put(socket.id(), socket);
	}

	/**
	 * Take a socket out of the open ones, once its connection has closed and its handler has returned; it counts as
	 * unfinished until {@link #finished()}.
	 */
	void remove(BlockingSocket socket) {
		this.sockets.remove(socket.id());
	}

	/**
	 * Count a socket removed earlier as finished, and wake whoever waits for all sockets to finish, if they have.
	 */
	void finished() {
		this.lock.lock();
		try {
			if (--this.unfinished == 0) {
				this.allFinished.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	Optional<BlockingSocket> find(String id) {
		return Optional.ofNullable(this.sockets.get(id));
	}

	Collection<BlockingSocket> all() {
		return this.sockets.values();
	}

	int count() {
		return this.sockets.size();
	}

	/**
	 * Return how many sockets have yet to finish, open or not.
	 */
	int unfinished() {
		this.lock.lock();
		try {
			return this.unfinished;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until every socket has finished, at most the given time.
	 * @return whether all have finished
	 */
	boolean awaitAllFinished(Duration timeout) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.unfinished > 0 && remaining > 0) {
				remaining = this.allFinished.awaitNanos(remaining);
			}
			return this.unfinished == 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
