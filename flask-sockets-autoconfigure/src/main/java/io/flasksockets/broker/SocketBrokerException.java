package io.flasksockets.broker;

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
	 * @param cause the cause
	 */
	public SocketBrokerException(String message, Throwable cause) {
		super(message, cause);
	}

}
