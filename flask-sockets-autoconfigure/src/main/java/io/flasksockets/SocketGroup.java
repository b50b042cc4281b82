package io.flasksockets;

import java.util.Set;

/**
 * Sockets addressed together: the members of a room, the sockets of a user, on this node or, with a shared broker,
 * on every node. Usable from any thread: a controller, a {@code @Scheduled} method, an event listener or a socket's
 * handler.
 *
 * <p>Sending never waits on a peer: each message is queued on each socket and written by that socket's own writer,
 * so a member that has stopped reading delays nobody and is cut off at its own send limits. Messages one thread
 * sends to a group arrive at every member in the order they were sent.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see Sockets#room(String)
 * @see Sockets#user(String)
 */
public interface SocketGroup {

	/**
	 * Send a text message to every socket of the group.
	 * @param text the text
	 */
	void send(String text);

	/**
	 * Send a binary message to every socket of the group.
	 * @param data the bytes, which must not change afterwards
	 */
	void send(byte[] data);

	/**
	 * Send a value to every socket of the group, as {@link Socket#send(Object)} writes it: text, binary, or
	 * anything else as JSON, written once for all of them.
	 * @param value the value
	 */
	void send(Object value);

	/**
	 * Return this group without the given socket, such as the sender of a chat message.
	 * @param socket the socket to leave out
	 * @return the narrower group
	 */
	SocketGroup except(Socket socket);

	/**
	 * Return how many sockets the group has, on every node the broker reaches. For a room, a join or leave is
	 * counted on every node as soon as it has returned.
	 * @return the count
	 */
	long count();

	/**
	 * Return the names of the users whose sockets are in the group, on every node the broker reaches; sockets
	 * without a principal are counted but not named.
	 * @return the names
	 */
	Set<String> members();

}
