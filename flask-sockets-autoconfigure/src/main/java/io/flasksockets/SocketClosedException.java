package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Socket#send} when the socket is closed, the connection is lost, or the peer is too slow. A
 * handler that lets its own socket's exception escape ends quietly, as it does when it returns; one about another
 * socket (a chat room's member that has gone) is a failure like any other, which closes the handler's socket with
 * 1011.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public class SocketClosedException extends IllegalStateException {

	private final String socketId;

	/**
	 * Create a new instance.
	 * @param socketId the id of the socket that is closed
	 * @param message the detail message
	 * @param cause the cause, or {@code null} if none
	 */
	public SocketClosedException(String socketId, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.socketId = socketId;
	}

	/**
	 * Return the id of the socket that is closed.
	 * @return the socket's id
	 */
	public String getSocketId() {
		return this.socketId;
	}

}
