package io.flasksockets.runtime;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The limits every socket of a route lives by.
 *
 * @param maxTextMessageSize the largest text message accepted, in characters; a larger one closes the socket
 * with 1009
 * @param maxBinaryMessageSize the largest binary message accepted, in bytes; a larger one closes the socket with
 * 1009
 * @param inboundQueueCapacity how many received messages may wait for the handler before the container stops
 * reading from the peer
 * @param idleTimeout how long a socket may go without traffic before it is closed, or {@code null} for no limit
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record SocketSettings(int maxTextMessageSize, int maxBinaryMessageSize, int inboundQueueCapacity,
		@Nullable Duration idleTimeout) {

}
