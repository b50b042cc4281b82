package io.flasksockets.internal.socket;

import java.util.concurrent.Executor;

import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.connection.NodeBuffers;
import io.flasksockets.internal.limits.UserBuckets;
import io.flasksockets.internal.telemetry.SocketObservations;
import io.flasksockets.Replay;
import org.jspecify.annotations.Nullable;

/**
 * What the sockets of a node share: how their messages convert, where their rooms are kept, the starter's own
 * threads, the container's connections, the budget of bytes their inboxes may hold together, and the buckets of
 * their users' rate limits, and what observes them.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketServices {

	private final Conversions conversions;

	private final Rooms rooms;

	private final Executor writers;

	private final Executor reaper;

	private final Connection.Factory connections;

	private final NodeBuffers buffers;

	private final UserBuckets users;

	private final SocketObservations observations;

	/**
	 * Create what the sockets of a node share.
	 * @param conversions how path variables and JSON messages convert
	 * @param rooms where sockets enter and leave rooms
	 * @param writers threads for writes that must not happen on the caller's thread
	 * @param reaper threads that cut connections, which must not wait for threads that peers keep busy
	 * @param connections what gives each socket the container's side of its connection
	 * @param inboxBudget how many bytes (characters of text) received messages waiting for their handlers may
	 * take on the whole node, or {@link Long#MAX_VALUE} for no limit
	 * @param outboxBudget how many bytes messages waiting to be written may take on the whole node, or
	 * {@link Long#MAX_VALUE} for no limit
	 * @param users the buckets of users' rate limits
	 * @param observations what observes sockets and their messages
	 */
	public SocketServices(Conversions conversions, Rooms rooms, Executor writers, Executor reaper,
			Connection.Factory connections, long inboxBudget, long outboxBudget, UserBuckets users,
			SocketObservations observations) {
		this.conversions = conversions;
		this.rooms = rooms;
		this.writers = writers;
		this.reaper = reaper;
		this.connections = connections;
		this.buffers = new NodeBuffers(inboxBudget, outboxBudget);
		this.users = users;
		this.observations = observations;
	}

	Conversions conversions() {
		return this.conversions;
	}

	Rooms rooms() {
		return this.rooms;
	}

	Executor writers() {
		return this.writers;
	}

	Executor reaper() {
		return this.reaper;
	}

	Connection.Factory connections() {
		return this.connections;
	}

	NodeBuffers buffers() {
		return this.buffers;
	}

	UserBuckets users() {
		return this.users;
	}

	SocketObservations observations() {
		return this.observations;
	}

	/**
	 * Return how many bytes (characters of text) received messages waiting for their handlers take on the node.
	 * @return the bytes
	 */
	public long inboxBytes() {
		return this.buffers.inboxBytes();
	}

	/**
	 * Return how many bytes messages waiting to be written take on the node.
	 * @return the bytes
	 */
	public long outboxBytes() {
		return this.buffers.outboxBytes();
	}

	/**
	 * Where the node keeps which of its sockets are in each room and belong to each user, for sockets to enter and
	 * leave.
	 */
	public interface Rooms {

		/**
		 * Add a socket to a room, first sending it again what the room was sent after the given id; a socket already
		 * in the room is sent nothing.
		 * @param room the room
		 * @param socket the socket
		 * @param since the id of the last message its peer saw, or {@code null} to send nothing again
		 * @return what was sent again
		 */
		Replay join(String room, BlockingSocket socket, @Nullable String since);

		/**
		 * Take a socket out of a room; does nothing if it is not in it.
		 * @param room the room
		 * @param socket the socket
		 */
		void leave(String room, BlockingSocket socket);

	}

}
