package io.flasksockets.broker;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.PresenceChange;
import org.jspecify.annotations.Nullable;

/**
 * The broker of one node: it hands each message straight to this node's sockets, on the publisher's thread (which
 * only queues it on each socket). Messages get ids {@code <epoch>-<n>}: the time the broker was created, in
 * milliseconds, and a number that grows by one per message, so that a restarted node's ids are never taken for
 * the ones it gave before.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class InMemorySocketBroker implements SocketBroker {

	private final String epoch = Long.toString(System.currentTimeMillis());

	private final ReentrantLock lock = new ReentrantLock();

	private long number;

	private volatile @Nullable LocalSockets sockets;

	@Override
	public void start(LocalSockets sockets) {
		this.sockets = sockets;
		sockets.historyBeginsAfter(this.epoch + "-0");
	}

	@Override
	public void stop() {
	}

	/**
	 * Hand the delivery to this node's sockets with the next id; one at a time, so that the ids of a room's messages
	 * grow in the order its members get them.
	 */
	@Override
	public void publish(Delivery delivery) {
		LocalSockets sockets = Objects.requireNonNull(this.sockets, "The broker has not started");
		this.lock.lock();
		try {
			sockets.deliver(delivery.withId(this.epoch + "-" + (++this.number)));
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void publishPresence(PresenceChange change) {
		Objects.requireNonNull(this.sockets, "The broker has not started").presenceChanged(change);
	}

	@Override
	public long remoteCount(Address address) {
		return 0;
	}

}
