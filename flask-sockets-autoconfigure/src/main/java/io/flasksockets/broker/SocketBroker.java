package io.flasksockets.broker;

/**
 * Carries room, user and broadcast messages to the sockets of every node, and answers how many sockets an address
 * has on the other nodes. Define a bean of this type to replace the broker {@code flask-sockets.broker} chooses.
 *
 * <p>A broker delivers each message to the local sockets of every node, this one included, at most once, and in the
 * order one thread published them.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see InMemorySocketBroker
 * @see RedisSocketBroker
 */
public interface SocketBroker {

	/**
	 * Start carrying messages to this node's sockets. Invoked once, when the application starts.
	 * @param sockets this node's sockets
	 */
	void start(LocalSockets sockets);

	/**
	 * Stop carrying messages. Invoked once, when the application stops.
	 */
	void stop();

	/**
	 * Carry a message to every node.
	 * @param delivery the delivery
	 * @throws SocketBrokerException if the message cannot be handed to the broker
	 */
	void publish(Delivery delivery);

	/**
	 * Return how many sockets an address has on the other nodes.
	 * @param address the address
	 * @return the count, 0 for a broker of one node
	 */
	long remoteCount(Address address);

}
