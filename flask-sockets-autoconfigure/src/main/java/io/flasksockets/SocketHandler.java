package io.flasksockets;

/**
 * The handler of a WebSocket route. It runs on a virtual thread of its own, owns the socket for as long as it
 * runs, and reads with a blocking {@link Socket#receive()} loop.
 *
 * <p>When {@link #handle} returns, the socket is closed with 1000 (normal closure) after everything sent has
 * been delivered. When it throws, the socket is closed with 1011 (server error) and the exception is logged once
 * with the route and the socket id. A {@link SocketClosedException} thrown because the peer went away ends the
 * handler quietly.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see SocketRoute
 */
@FunctionalInterface
public interface SocketHandler {

	/**
	 * Handle one connected socket.
	 * @param socket the socket, open when this method is invoked
	 * @throws Exception any failure, which closes the socket with 1011
	 */
	void handle(Socket socket) throws Exception;

}
