package io.flasksockets.internal.rooms;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketGroup;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.LocalSockets;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.Conversions;
import io.flasksockets.internal.socket.SocketServices;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The rooms and users of this node's sockets, and every socket ({@link Address#all()}): which local sockets each
 * has, the {@link SocketGroup}s the application sends to through the broker, and the local delivery of what the
 * broker carries. Delivery queues each message on each socket and never waits on a peer.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Rooms implements SocketServices.Rooms, LocalSockets {

	private static final Logger logger = LoggerFactory.getLogger(Rooms.class);

	private final Map<Address, Set<BlockingSocket>> members = new ConcurrentHashMap<>();

	private final SocketBroker broker;

	private final Conversions conversions;

	/**
	 * Create the rooms of a node.
	 * @param broker what carries messages to every node
	 * @param conversions how values become messages
	 */
	public Rooms(SocketBroker broker, Conversions conversions) {
		this.broker = broker;
		this.conversions = conversions;
	}

	@Override
	public void add(Address address, BlockingSocket socket) {
		this.members.computeIfAbsent(address, (key) -> ConcurrentHashMap.newKeySet()).add(socket);
	}

	@Override
	public void remove(Address address, BlockingSocket socket) {
		this.members.computeIfPresent(address, (key, sockets) -> {
			sockets.remove(socket);
			return sockets.isEmpty() ? null : sockets;
		});
	}

	/**
	 * Return the sockets of an address, on every node.
	 * @param address the address
	 * @return the group
	 */
	public SocketGroup group(Address address) {
		return new Group(this, address, null);
	}

	/**
	 * Queue the message on each local socket of its address; a socket that is closed, or is cut off because its
	 * send buffer is full, is skipped.
	 */
	@Override
	public void deliver(Delivery delivery) {
		WebSocketMessage<?> message = Conversions.toWebSocketMessage(delivery.message());
		for (BlockingSocket socket : local(delivery.to())) {
			if (!socket.id().equals(delivery.except()) && !socket.isClosed()) {
				try {
					socket.post((message instanceof BinaryMessage binary)
							? new BinaryMessage(binary.getPayload().duplicate()) : message);
				}
				catch (SocketClosedException ex) {
					logger.debug("A message to {} skipped socket {}: {}", delivery.to(), socket.id(),
							ex.getMessage());
				}
			}
		}
	}

	@Override
	public Map<Address, Long> presence() {
		Map<Address, Long> presence = new HashMap<>();
		this.members.forEach((address, sockets) -> presence.put(address, (long) sockets.size()));
		return presence;
	}

	/**
	 * Carry a message to the sockets of its address on every node, through the broker.
	 */
	void publish(Address to, @Nullable Socket except, Message message) {
		this.broker.publish(new Delivery(to, (except != null) ? except.id() : null, message));
	}

	/**
	 * Return the message a value is sent as.
	 */
	Message toMessage(Object value) {
		return this.conversions.toMessage(value);
	}

	/**
	 * Return how many sockets an address has on every node.
	 */
	long count(Address address) {
		return local(address).size() + this.broker.remoteCount(address);
	}

	/**
	 * Whether a socket is one of the local sockets of an address.
	 */
	boolean isMember(Socket socket, Address address) {
		return (socket instanceof BlockingSocket local) && local(address).contains(local);
	}

	private Set<BlockingSocket> local(Address address) {
		return this.members.getOrDefault(address, Set.of());
	}

}
