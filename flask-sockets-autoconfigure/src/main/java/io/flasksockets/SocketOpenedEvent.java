package io.flasksockets;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket has opened, just before its handler starts. Listeners run on the server's thread
 * that completed the handshake, so they should be quick.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public class SocketOpenedEvent extends ApplicationEvent {

	private final String route;

	/**
	 * Create a new event.
	 * @param socket the socket
	 * @param route the path of the socket's route
	 */
	public SocketOpenedEvent(Socket socket, String route) {
		super(socket);
		this.route = route;
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

}
