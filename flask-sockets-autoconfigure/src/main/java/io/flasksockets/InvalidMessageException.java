package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a received message is not a valid value of the type a handler asked for, such as JSON that does not
 * fit a record. Catch it to answer the peer and go on reading; uncaught, it closes the socket with 1007 (invalid
 * data) and a reason naming the type.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see Socket#receive(Class)
 */
public class InvalidMessageException extends RuntimeException {

	private final Class<?> type;

	/**
	 * Create an exception.
	 * @param type the type the message was read as
	 * @param message what is wrong with the message
	 * @param cause the parser's failure, if any
	 */
	public InvalidMessageException(Class<?> type, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.type = type;
	}

	/**
	 * Return the type the message was read as.
	 * @return the type
	 */
	public Class<?> getType() {
		return this.type;
	}

}
