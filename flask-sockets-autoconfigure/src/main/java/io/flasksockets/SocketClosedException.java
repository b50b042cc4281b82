package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Socket#send} when the socket is closed or the connection is lost. A handler that lets it
 * escape ends quietly, as it does when it returns.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public class SocketClosedException extends IllegalStateException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause, or {@code null} if none
	 */
	public SocketClosedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
