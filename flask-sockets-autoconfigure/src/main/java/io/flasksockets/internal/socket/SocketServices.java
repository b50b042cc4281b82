package io.flasksockets.internal.socket;

import java.util.concurrent.Executor;

import io.flasksockets.broker.Address;

/**
 * What the sockets of a node share: how their messages convert, where their rooms are kept, and the starter's own
 * threads.
 *
 * @param conversions how path variables and JSON messages convert
 * @param rooms where sockets enter and leave rooms
 * @param writers virtual threads for writes that must not happen on the caller's thread
 * @param reaper threads that cut connections
 * @param connections what gives each socket the container's side of its connection
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record SocketServices(Conversions conversions, Rooms rooms, Executor writers, Executor reaper,
		Connection.Factory connections) {

	/**
	 * Where the node keeps which of its sockets are in each room and belong to each user, for sockets to enter and
	 * leave.
	 */
	public interface Rooms {

		/**
		 * Add a socket to the sockets of an address.
		 * @param address a room or a user
		 * @param socket the socket
		 */
		void add(Address address, BlockingSocket socket);

		/**
		 * Remove a socket from the sockets of an address; does nothing if it is not among them.
		 * @param address a room or a user
		 * @param socket the socket
		 */
		void remove(Address address, BlockingSocket socket);

	}

}
