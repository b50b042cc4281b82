package io.flasksockets.broker;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The broker of one node: it hands each message straight to this node's sockets, on the publisher's thread (which
 * only queues it on each socket).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class InMemorySocketBroker implements SocketBroker {

	private volatile @Nullable LocalSockets sockets;

	@Override
	public void start(LocalSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public void stop() {
	}

	@Override
	public void publish(Delivery delivery) {
		Objects.requireNonNull(this.sockets, "The broker has not started").deliver(delivery);
	}

	@Override
	public long remoteCount(Address address) {
		return 0;
	}

}
