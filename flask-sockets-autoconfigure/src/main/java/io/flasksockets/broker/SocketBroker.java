package io.flasksockets.broker;

import java.util.Set;

import io.flasksockets.PresenceChange;
import org.jspecify.annotations.Nullable;

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
	 * Return how many sockets an address has on the other nodes. For a room, it counts every join and leave that
	 * has returned on another node.
	 * @param address the address
	 * @return the count, 0 for a broker of one node
	 */
	long remoteCount(Address address);

	/**
	 * Record, for every node, that a local socket joined a room; invoked before the join returns.
	 * @param room the room
	 * @param socketId the socket
	 * @param member the name of its user, or {@code null}
	 */
	default void joined(String room, String socketId, @Nullable String member) {
	}

	/**
	 * Record, for every node, that a local socket left a room, or closed.
	 * @param room the room
	 * @param socketId the socket
	 * @param member the name of its user, or {@code null}
	 */
	default void left(String room, String socketId, @Nullable String member) {
	}

	/**
	 * Return the names of the users whose sockets are in a room on the other nodes.
	 * @param room the room
	 * @return the names, none for a broker of one node
	 */
	default Set<String> remoteMembers(String room) {
		return Set.of();
	}

	/**
	 * Carry a change of who is in a room to the local sockets of every node, this one included; never waits for the
	 * other nodes. A broker that carries none leaves presence changes untold.
	 * @param change the change
	 */
	default void publishPresence(PresenceChange change) {
	}

}
