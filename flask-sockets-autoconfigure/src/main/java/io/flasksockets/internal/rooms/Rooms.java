package io.flasksockets.internal.rooms;

import java.security.Principal;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.flasksockets.Replay;
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
import io.flasksockets.internal.telemetry.SocketObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The rooms and users of this node's sockets, and every socket ({@link Address#all()}): which local sockets each
 * has, the {@link SocketGroup}s the application sends to through the broker, the local delivery of what the broker
 * carries, each room's recent messages for sockets that join again, and who is in each room on every node.
 * Delivery queues each message on each socket, through the socket's {@link Envelope} if it has one, and never
 * waits on a peer. A delivery to a room and a join that replays are one at a time, so that a socket that joins
 * gets every message once: from the replay, or from delivery.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Rooms implements SocketServices.Rooms, LocalSockets {

	private static final Logger logger = LoggerFactory.getLogger(Rooms.class);

	private final Map<Address, Set<BlockingSocket>> members = new ConcurrentHashMap<>();

	private final SocketBroker broker;

	private final SocketObservations observations;

	private final Conversions conversions;

	private final RoomHistory history;

	private final ReentrantLock delivering = new ReentrantLock();

	/**
	 * The sockets that joined a room with the id of a message this node had not delivered yet, and that id.
	 */
	private final Map<Membership, MessageId> seenAhead = new ConcurrentHashMap<>();

	/**
	 * Create the rooms of a node.
	 * @param broker what carries messages to every node
	 * @param conversions how values become messages
	 * @param replay how many recent messages the rooms keep for sockets that join again
	 * @param observations what observes messages sent to rooms and users and their deliveries
	 */
	public Rooms(SocketBroker broker, Conversions conversions, ReplayWindow replay, SocketObservations observations) {
		this.broker = broker;
		this.observations = observations;
		this.conversions = conversions;
		this.history = new RoomHistory(replay.perRoom(), replay.perNode());
	}

	/**
	 * Add a socket to the sockets of a user, or of every socket.
	 * @param address the address
	 * @param socket the socket
	 */
	public void add(Address address, BlockingSocket socket) {
		this.members.computeIfAbsent(address, (key) -> ConcurrentHashMap.newKeySet()).add(socket);
	}

	/**
	 * Take a socket out of the sockets of a user, or of every socket.
	 * @param address the address
	 * @param socket the socket
	 */
	public void remove(Address address, BlockingSocket socket) {
		this.seenAhead.remove(new Membership(address, socket));
		this.members.computeIfPresent(address, (key, sockets) -> {
			sockets.remove(socket);
			return sockets.isEmpty() ? null : sockets;
		});
	}

	@Override
	public Replay join(String room, BlockingSocket socket, @Nullable String since) {
		Address address = Address.room(room);
		Replay replay;
		this.delivering.lock();
		try {
			if (local(address).contains(socket)) {
				return new Replay(0, true, this.history.since(room, null).newest().toString());
			}
			replay = replay(address, socket, since);
			add(address, socket);
		}
		finally {
			this.delivering.unlock();
		}
		String member = member(socket);
		this.broker.joined(room, socket.id(), member);
		this.broker.publishPresence(new PresenceChange(room, PresenceChange.Kind.JOINED, member, count(address)));
		return replay;
	}

	/**
	 * Send a socket that joins a room again what it missed, and note what its peer saw that this node has not
	 * delivered yet; the caller holds the delivering lock.
	 */
	private Replay replay(Address address, BlockingSocket socket, @Nullable String since) {
		MessageId after = MessageId.tryParse(since);
		RoomHistory.Since missed = this.history.since(address.name(), after);
		for (RoomHistory.Entry entry : missed.entries()) {
			post(socket, render(socket.envelope(), entry.id(), entry.message(), new HashMap<>()), address);
		}
		MessageId lastId = missed.newest();
		if (after != null && after.compareTo(lastId) > 0) {
			// Delivered by another node and not yet by this one: skipped when it comes
			this.seenAhead.put(new Membership(address, socket), after);
			lastId = after;
		}
		return new Replay(missed.entries().size(), since == null || missed.complete(), lastId.toString());
	}

	@Override
	public void leave(String room, BlockingSocket socket) {
		Address address = Address.room(room);
		if (local(address).contains(socket)) {
			remove(address, socket);
			String member = member(socket);
			this.broker.left(room, socket.id(), member);
			this.broker.publishPresence(new PresenceChange(room, PresenceChange.Kind.LEFT, member, count(address)));
		}
	}

	/**
	 * Return the sockets of an address, on every node.
	 * @param address the address
	 * @return the group
	 */
	public SocketGroup group(Address address) {
		return new Group(this, address, null);
	}

	@Override
	public void recall(Delivery delivery) {
		if (delivery.to().kind() == Address.Kind.ROOM && delivery.id() != null) {
			this.delivering.lock();
			try {
				this.history.add(delivery.to().name(), delivery.id(), delivery.message());
			}
			finally {
				this.delivering.unlock();
			}
		}
	}

	@Override
	public void historyBeginsAfter(String id) {
		this.delivering.lock();
		try {
			this.history.beginsAfter(id);
		}
		finally {
			this.delivering.unlock();
		}
	}

	/**
	 * Queue the message on each local socket of its address, and keep a room's message for sockets that join again;
	 * a socket that is closed, or is cut off because its send buffer is full, is skipped.
	 */
	@Override
	public void deliver(Delivery delivery) {
		if (this.observations.isOff() || delivery.headers().isEmpty()) {
			deliverHere(delivery);
			return;
		}
		// Linked to its sender's trace, through the headers it carried
		Observation observation = this.observations.delivery(kindOf(delivery.to()), delivery.to().name(),
				delivery.headers());
		try (Observation.Scope scope = observation.openScope()) {
			deliverHere(delivery);
		}
		finally {
			observation.stop();
		}
	}

	private void deliverHere(Delivery delivery) {
		Map<Envelope, WebSocketMessage<?>> rendered = new IdentityHashMap<>();
		this.delivering.lock();
		try {
			String id = delivery.id();
			if (delivery.to().kind() == Address.Kind.ROOM && id != null) {
				this.history.add(delivery.to().name(), id, delivery.message());
			}
			for (BlockingSocket socket : local(delivery.to())) {
				if (!socket.id().equals(delivery.except()) && !socket.isClosed() && !hasSeen(delivery, socket)) {
					post(socket, render(socket.envelope(), id, delivery.message(), rendered), delivery.to());
				}
			}
		}
		finally {
			this.delivering.unlock();
		}
	}

	/**
	 * Whether the socket's peer saw the delivery before it joined, through another node; once it is sent a later
	 * one, it is sent every one.
	 */
	private boolean hasSeen(Delivery delivery, BlockingSocket socket) {
		if (this.seenAhead.isEmpty() || delivery.id() == null) {
			return false;
		}
		Membership membership = new Membership(delivery.to(), socket);
		MessageId seen = this.seenAhead.get(membership);
		if (seen != null && MessageId.parse(delivery.id()).compareTo(seen) <= 0) {
			return true;
		}
		this.seenAhead.remove(membership);
		return false;
	}

	@Override
	public void presenceChanged(PresenceChange change) {
		Map<Envelope, WebSocketMessage<?>> rendered = new IdentityHashMap<>();
		Address room = Address.room(change.room());
		for (BlockingSocket socket : local(room)) {
			Envelope envelope = socket.envelope();
			if (envelope != null && !socket.isClosed()) {
				WebSocketMessage<?> message = renderOnce(envelope, rendered, (once) -> once.presence(change));
				if (message != null) {
					post(socket, message, room);
				}
			}
		}
	}

	/**
	 * Return what a socket is sent for a message: the message as it is without an envelope, else what its envelope
	 * makes of it, made once for all the sockets that share the envelope.
	 */
	private @Nullable WebSocketMessage<?> render(@Nullable Envelope envelope, @Nullable String id, Message message,
			Map<Envelope, WebSocketMessage<?>> rendered) {
		if (envelope == null || id == null) {
			return Conversions.toWebSocketMessage(message);
		}
		return renderOnce(envelope, rendered, (once) -> once.message(id, message));
	}

	private @Nullable WebSocketMessage<?> renderOnce(Envelope envelope, Map<Envelope, WebSocketMessage<?>> rendered,
			Function<Envelope, @Nullable Object> wrap) {
		WebSocketMessage<?> message = rendered.get(envelope);
		if (message == null && !rendered.containsKey(envelope)) {
			try {
				Object value = wrap.apply(envelope);
				message = (value != null) ? Conversions.toWebSocketMessage(this.conversions.toMessage(value)) : null;
			}
			catch (RuntimeException ex) {
				logger.error("An envelope failed; its sockets were not sent a message", ex);
			}
			rendered.put(envelope, message);
		}
		return message;
	}

	private static void post(BlockingSocket socket, @Nullable WebSocketMessage<?> message, Address to) {
		if (message == null) {
			return;
		}
		try {
			socket.post((message instanceof BinaryMessage binary)
					? new BinaryMessage(binary.getPayload().duplicate()) : message);
		}
		catch (SocketClosedException ex) {
			logger.debug("A message to {} skipped socket {}: {}", to, socket.id(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			// One socket's failure never keeps a message from the others
			logger.error("A message to {} could not be posted to socket {}", to, socket.id(), ex);
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
		String exceptId = (except != null) ? except.id() : null;
		if (this.observations.isOff() || !this.observations.isTracing()) {
			this.broker.publish(new Delivery(to, exceptId, message));
			return;
		}
		Map<String, String> headers = new HashMap<>();
		Observation observation = this.observations.publish(kindOf(to), to.name(), headers);
		try {
			this.broker.publish(new Delivery(to, exceptId, message, null, headers));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static String kindOf(Address address) {
		return address.kind().name().toLowerCase(Locale.ROOT);
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
	 * Return the names of the users whose sockets are in a room, on every node.
	 */
	Set<String> members(Address address) {
		Set<String> names = new TreeSet<>();
		for (BlockingSocket socket : local(address)) {
			String member = member(socket);
			if (member != null) {
				names.add(member);
			}
		}
		if (address.kind() == Address.Kind.ROOM) {
			names.addAll(this.broker.remoteMembers(address.name()));
		}
		return names;
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

	private static @Nullable String member(Socket socket) {
		return socket.principal().map(Principal::getName).orElse(null);
	}

	/**
	 * A socket in a room.
	 */
	private record Membership(Address room, BlockingSocket socket) {

	}

}
