package io.flasksockets;

import org.springframework.web.socket.CloseStatus;

/**
 * Decides how a socket closes when its handler throws. Define a bean of this type to replace the default, which
 * logs the exception once, with the route and the socket id, and closes with 1011 (server error).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@FunctionalInterface
public interface SocketErrorHandler {

	/**
	 * Invoked on the socket's thread when its handler throws anything but a {@link SocketClosedException} about
	 * its own socket or an {@link InvalidMessageException}, which always closes with 1007 (invalid data).
	 * @param socket the socket, still open
	 * @param route the path of the socket's route
	 * @param error what the handler threw
	 * @return the status to close the socket with
	 */
	CloseStatus handleError(Socket socket, String route, Throwable error);

}
