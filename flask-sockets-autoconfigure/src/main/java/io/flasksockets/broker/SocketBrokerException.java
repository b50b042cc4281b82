package io.flasksockets.broker;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a message cannot be handed to the broker, such as while Redis is unreachable. Nothing is dropped
 * silently: the sender learns that the message did not go out.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public class SocketBrokerException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause, or {@code null} if none
	 */
	public SocketBrokerException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
