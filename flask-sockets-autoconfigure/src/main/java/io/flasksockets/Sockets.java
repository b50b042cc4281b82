package io.flasksockets;

import java.util.Optional;

/**
 * The application's open sockets, injected like any bean: counts, look-ups and fan-out.
 *
 * <p>Fan-out never waits for a peer: each message is queued on each socket and written by that socket's own
 * writer, so one peer that stops reading delays nobody else and is cut off at its send limits.
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

}
