package io.flasksockets.broker;

import java.util.Map;

/**
 * The sockets of this node, as a {@link SocketBroker} sees them: where it hands the deliveries it carries, and
 * what it tells other nodes about presence.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface LocalSockets {

	/**
	 * Queue a message on each local socket of its address; never waits on a peer.
	 * @param delivery the delivery
	 */
	void deliver(Delivery delivery);

	/**
	 * Return how many local sockets each room and each user has, and how many there are in all
	 * ({@link Address#all()}).
	 * @return the counts, without addresses that have none
	 */
	Map<Address, Long> presence();

}
