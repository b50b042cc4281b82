package io.flasksockets.internal.routing;

import java.time.Duration;
import java.util.List;

import io.flasksockets.internal.limits.RateLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The limits and keepalive a socket lives by: the global ones, or a route's once
 * {@linkplain #withOptions(RouteOptions) its options} are applied.
 *
 * @param maxTextMessageSize the largest text message accepted, in characters; a larger one closes the socket
 * with 1009
 * @param maxBinaryMessageSize the largest binary message accepted, in bytes; a larger one closes the socket with
 * 1009
 * @param inboundQueueCapacity how many received messages may wait for the handler before the server stops reading
 * from the peer
 * @param inboundBufferLimit how large the received messages waiting for the handler may be together (bytes, or
 * characters of text) before the server stops reading from the peer
 * @param idleTimeout how long a socket may go without a data message in either direction before it is closed
 * with 1001, or {@code null} for no limit
 * @param pingInterval how often the server pings, or {@code null} for never
 * @param pongTimeout how long after a ping the peer has to answer before it is closed with 1011
 * @param sendTimeLimit how long one write to the peer may take before the socket is closed with 4500
 * @param sendBufferLimit how many bytes may wait behind a write in progress before the socket is closed with
 * 4500
 * @param sessionCheckInterval how often the HTTP sessions of open sockets are checked for their end, to close with
 * 1008
 * @param peerCloseGrace how long the reply to a peer's close frame may wait while the handler answers what it had
 * already received
 * @param subprotocols the subprotocols the route speaks, in order of preference
 * @param initialMessageBufferSize the size of the container's message buffers of a new socket, in bytes
 * (characters of text)
 * @param maxMessageBufferSize the size a socket's message buffer grows to once a message did not fit
 * @param closeTimeout how long the peer has to answer a close frame, and how long a peer that goes on sending
 * after it is still connected
 * @param maxMessageParts how many parts (frames, or pieces of frames) one message may come in before the socket
 * is closed with 1009, or {@code null} for the default that follows from the size limits
 * @param rateLimits how fast peers may send
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record SocketSettings(int maxTextMessageSize, int maxBinaryMessageSize, int inboundQueueCapacity,
		long inboundBufferLimit, @Nullable Duration idleTimeout, @Nullable Duration pingInterval,
		Duration pongTimeout, Duration sendTimeLimit, long sendBufferLimit, Duration sessionCheckInterval,
		Duration peerCloseGrace, List<String> subprotocols, int initialMessageBufferSize, int maxMessageBufferSize,
		Duration closeTimeout, @Nullable Integer maxMessageParts, RateLimits rateLimits) {

	/**
	 * The fewest parts a message may come in by default.
	 */
	private static final int LEAST_MESSAGE_PARTS = 1024;

	/**
	 * Return these settings with a route's own options applied.
	 * @param options the route's options
	 * @return the route's settings
	 * @throws IllegalArgumentException if the route's byte burst is smaller than its largest message
	 */
	public SocketSettings withOptions(RouteOptions options) {
		RateLimits rateLimits = (options.rateLimits() != null) ? options.rateLimits() : this.rateLimits;
		SocketSettings settings = new SocketSettings(size(options.maxTextMessageSize(), this.maxTextMessageSize),
				size(options.maxBinaryMessageSize(), this.maxBinaryMessageSize), this.inboundQueueCapacity,
				(options.inboundBufferLimit() != null) ? options.inboundBufferLimit().toBytes()
						: this.inboundBufferLimit,
				duration(options.idleTimeout(), this.idleTimeout), duration(options.pingInterval(), this.pingInterval),
				this.pongTimeout, this.sendTimeLimit, this.sendBufferLimit, this.sessionCheckInterval,
				this.peerCloseGrace, options.subprotocols(), this.initialMessageBufferSize,
				this.maxMessageBufferSize, this.closeTimeout, this.maxMessageParts, rateLimits);
		rateLimits.checkFits(Math.max(settings.maxTextMessageSize, settings.maxBinaryMessageSize));
		return settings;
	}

	/**
	 * Return how many parts one message may come in: as set, or else enough for the largest message to arrive in
	 * parts of the initial message buffer's size, and at least {@value #LEAST_MESSAGE_PARTS}.
	 * @return the limit
	 */
	public int messagePartsLimit() {
		if (this.maxMessageParts != null) {
			return this.maxMessageParts;
		}
		int largest = Math.max(this.maxTextMessageSize, this.maxBinaryMessageSize);
		return Math.max(LEAST_MESSAGE_PARTS, largest / this.initialMessageBufferSize + 1);
	}

	private static int size(@Nullable DataSize option, int global) {
		return (option != null) ? (int) option.toBytes() : global;
	}

	private static @Nullable Duration duration(@Nullable Duration option, @Nullable Duration global) {
		if (option == null) {
			return global;
		}
		return option.isZero() ? null : option;
	}

}
