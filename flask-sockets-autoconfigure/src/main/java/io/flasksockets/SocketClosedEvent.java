package io.flasksockets;

import org.springframework.context.ApplicationEvent;
import org.springframework.web.socket.CloseStatus;

/**
 * Published when a socket has closed and its handler has returned, on the socket's own thread.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public class SocketClosedEvent extends ApplicationEvent {

	private final String route;

	private final CloseStatus status;

	/**
	 * Create a new event.
	 * @param socket the socket
	 * @param route the path of the socket's route
	 * @param status how the socket closed
	 */
	public SocketClosedEvent(Socket socket, String route, CloseStatus status) {
		super(socket);
		this.route = route;
		this.status = status;
	}

	/**
	 * Return the socket.
	 * @return the socket
	 */
	public Socket getSocket() {
		return (Socket) getSource();
	}

	/**
	 * Return the path of the socket's route, as declared.
	 * @return the route's path
	 */
	public String getRoute() {
		return this.route;
	}

	/**
	 * Return how the socket closed: the close code and reason of whichever side closed first, 1006 if the
	 * connection was lost.
	 * @return the status
	 */
	public CloseStatus getStatus() {
		return this.status;
	}

}
