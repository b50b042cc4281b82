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
 * finish.
 */
final class SocketRegistry {

	private final Map<String, BlockingSocket> sockets = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition allFinished = this.lock.newCondition();

	void add(BlockingSocket socket) {
		this.sockets.put(socket.id(), socket);
	}

	/**
	 * Forget a socket that has finished.
	 */
	void remove(BlockingSocket socket) {
		this.sockets.remove(socket.id());
	}

	/**
	 * Wake whoever waits for all sockets to finish, if they have.
	 */
	void signalIfAllFinished() {
		this.lock.lock();
		try {
			if (this.sockets.isEmpty()) {
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
	 * Wait until every socket has finished, at most the given time.
	 * @return whether all have finished
	 */
	boolean awaitAllFinished(Duration timeout) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.sockets.isEmpty() && remaining > 0) {
				remaining = this.allFinished.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		return this.sockets.isEmpty();
	}

}
