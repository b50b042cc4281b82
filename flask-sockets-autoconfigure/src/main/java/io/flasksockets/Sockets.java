package io.flasksockets;

import java.util.Optional;

/**
 * The application's open sockets, injected like any bean: counts, look-ups, rooms, users and fan-out.
 *
 * <p>Fan-out never waits for a peer: each message is queued on each socket and written by that socket's own
 * writer, so one peer that stops reading delays nobody else and is cut off at its send limits. Rooms, users and
 * broadcasts reach the sockets of every node when the application shares a broker
 * ({@code flask-sockets.broker=redis}); {@link #count()} and {@link #find(String)} are about this node.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface Sockets {

	/**
	 * Return how many sockets are open, counting a socket until its handler has returned.
	 * @return the count
	 */
	int count();

	/**
	 * Return an open socket by id.
	 * @param id the socket's id
	 * @return the socket, or empty if no open socket has that id
	 */
	Optional<Socket> find(String id);

	/**
	 * Send a text message to every open socket.
	 * @param text the text
	 */
	void broadcast(String text);

	/**
	 * Send a value to every open socket, as {@link Socket#send(Object)} writes it.
	 * @param value the value
	 */
	void broadcast(Object value);

	/**
	 * Return the members of a room: the sockets that {@linkplain Socket#join(String) joined} it.
	 * @param name the room's name
	 * @return the room's members
	 */
	SocketGroup room(String name);

	/**
	 * Return the sockets of a user: every socket whose handshake authenticated that principal, in every tab and
	 * on every node.
	 * @param name the principal's name
	 * @return the user's sockets
	 */
	SocketGroup user(String name);

}
