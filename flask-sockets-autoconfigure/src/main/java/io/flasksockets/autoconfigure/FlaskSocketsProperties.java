package io.flasksockets.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for blocking-style WebSocket routes.
 *
 * @param pathPrefix Prefix put before every route's path, such as "/sockets"; empty for none.
 * @param allowedOrigins Origins allowed to open sockets besides the page's own origin, such as
 * "https://example.com"; "*" allows any.
 * @param allowedOriginPatterns Origin patterns allowed to open sockets besides the page's own origin, such as
 * "https://*.example.com".
 * @param maxTextMessageSize Largest text message accepted, counted in characters; a larger one closes the socket
 * with 1009.
 * @param maxBinaryMessageSize Largest binary message accepted; a larger one closes the socket with 1009.
 * @param inboundQueueCapacity How many received messages may wait for a handler before the server stops reading
 * from that peer.
 * @param inboundBufferLimit How large the received messages waiting for a handler may be together (text counted in
 * characters) before the server stops reading from that peer.
 * @param idleTimeout How long a socket may go without a data message in either direction before the server closes
 * it with 1001; unset for no limit.
 * @param pingInterval How often the server pings each socket; 0 for never.
 * @param pongTimeout How long a peer has to answer a ping before the server closes the socket with 1011.
 * @param sendTimeLimit How long one write to a peer may take before the server closes that socket with 4500.
 * @param sendBufferLimit How much may wait behind a write in progress to one peer before the server closes that
 * socket with 4500.
 * @param sessionCheckInterval How often each socket checks whether the HTTP session its handshake carried has been
 * invalidated or has expired, to close with 1008.
 * @param shutdownTimeout How long shutdown waits for socket handlers to return after closing their sockets with
 * 1001.
 * @param peerCloseGrace How long the reply to a peer's close frame may wait while the handler answers messages it
 * had already received (Jetty; Tomcat replies at once); 0 to reply at once.
 * @param maxConnections How many sockets may be open at once on this server; a handshake beyond that gets 503 with
 * Retry-After. Unset to plan it from the heap: half of heap-share, divided by what an idle socket costs on the
 * container (64KB on Tomcat, 24KB on Jetty); -1 for no limit.
 * @param maxCompressedConnections How many sockets may compress (permessage-deflate) at once; beyond that, a
 * handshake that offers compression gets a socket without. Unset to plan it from the heap: a quarter of heap-share,
 * divided by what compression adds to a socket (144KB on Tomcat, 8KB on Jetty); -1 for no limit.
 * @param maxConnectionsPerAddress How many sockets one peer address may have open at once; a handshake beyond that
 * gets 503. The address is a forwarded one only when server.forward-headers-strategy trusts the proxy. Unset for
 * no limit.
 * @param heapShare Share of the maximum heap the planned limits may take: half for idle sockets, a quarter for what
 * compression adds, an eighth for received messages waiting for their handlers, an eighth for messages waiting to
 * be written.
 * @param inboxBudget How much received messages waiting for their handlers may take on the whole node before the
 * server stops reading from the peers whose messages arrive next. Unset to plan it: an eighth of heap-share.
 * @param outboxBudget How much messages waiting to be written may take on the whole node; past it, a socket that
 * already has messages waiting is cut off (4500) instead of being sent more, while sockets that keep up are sent
 * everything. Unset to plan it: an eighth of heap-share.
 * @param broker What carries room, user and broadcast messages to the sockets: "memory" for one node, "redis" for
 * every node that shares a Redis (Spring Data Redis, configured by spring.data.redis.*).
 * @param redis Settings of the Redis broker.
 * @param compression Whether permessage-deflate is negotiated with clients that offer it, as browsers do. It is
 * declined on Tomcat versions that can change compressed messages in transit (before 11.0.24).
 * @param messageBuffer Sizes of the buffers through which the container hands over received messages.
 * @param closeTimeout How long a peer has to answer the server's close frame before its connection is cut; a peer
 * that goes on sending after the close frame is no longer read from, and is cut after this time too.
 * @param replay How many recent messages each node keeps for sockets that join a room again with the id of the
 * last message their peer saw.
 * @param maxMessageParts How many parts (frames, or pieces of large frames) one message may come in before the
 * socket is closed with 1009. Unset for enough to receive the largest message in parts of the initial message
 * buffer's size, and at least 1024.
 * @param rateLimit How fast peers may send, per socket and per user, unless a route's @RateLimit says otherwise.
 * @param acceptQueueSize How many connections Jetty's listening sockets queue until they are accepted, so that the
 * peers of a stopped node that all reconnect to this one at once are not dropped and made to retry seconds later
 * (Jetty leaves it to the JDK's 50; the operating system may allow fewer, such as Linux's net.core.somaxconn). A
 * connector whose queue a JettyServerCustomizer of the application sized is left alone. On Tomcat,
 * server.tomcat.accept-count sets it.
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "flask-sockets", ignoreUnknownFields = false)
public record FlaskSocketsProperties(@DefaultValue("") String pathPrefix, @DefaultValue List<String> allowedOrigins,
		@DefaultValue List<String> allowedOriginPatterns, @DefaultValue("64KB") DataSize maxTextMessageSize,
		@DefaultValue("64KB") DataSize maxBinaryMessageSize, @DefaultValue("32") int inboundQueueCapacity,
		@DefaultValue("1MB") DataSize inboundBufferLimit, @Nullable Duration idleTimeout,
		@DefaultValue("25s") Duration pingInterval, @DefaultValue("25s") Duration pongTimeout,
		@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("512KB") DataSize sendBufferLimit,
		@DefaultValue("5s") Duration sessionCheckInterval, @DefaultValue("10s") Duration shutdownTimeout,
		@DefaultValue("1s") Duration peerCloseGrace, @Nullable Integer maxConnections,
		@Nullable Integer maxCompressedConnections, @Nullable Integer maxConnectionsPerAddress,
		@DefaultValue("0.5") double heapShare, @Nullable DataSize inboxBudget, @Nullable DataSize outboxBudget,
		@DefaultValue("memory") Broker broker, @DefaultValue Redis redis, @DefaultValue("true") boolean compression,
		@DefaultValue MessageBuffer messageBuffer, @DefaultValue("1s") Duration closeTimeout,
		@Nullable Integer maxMessageParts, @DefaultValue Replay replay, @DefaultValue RateLimit rateLimit,
		@DefaultValue("1024") int acceptQueueSize) {

	public FlaskSocketsProperties {
		Assert.isTrue(pathPrefix.isEmpty() || (pathPrefix.startsWith("/") && !pathPrefix.endsWith("/")),
				() -> "flask-sockets.path-prefix must be empty or start with '/' and not end with '/', not '"
						+ pathPrefix + "'");
		requireMessageSize("max-text-message-size", maxTextMessageSize);
		requireMessageSize("max-binary-message-size", maxBinaryMessageSize);
		requireMessageSize("send-buffer-limit", sendBufferLimit);
		requireMessageSize("inbound-buffer-limit", inboundBufferLimit);
		Assert.isTrue(inboundQueueCapacity >= 1, "flask-sockets.inbound-queue-capacity must be at least 1");
		Assert.isTrue(acceptQueueSize >= 1, "flask-sockets.accept-queue-size must be at least 1");
		Assert.isTrue(idleTimeout == null || idleTimeout.isPositive(),
				"flask-sockets.idle-timeout must be positive; leave it unset for no limit");
		Assert.isTrue(!pingInterval.isNegative(), "flask-sockets.ping-interval must not be negative");
		requirePositive("pong-timeout", pongTimeout);
		requirePositive("send-time-limit", sendTimeLimit);
		requirePositive("session-check-interval", sessionCheckInterval);
		requirePositive("shutdown-timeout", shutdownTimeout);
		requirePositive("close-timeout", closeTimeout);
		Assert.isTrue(maxMessageParts == null || maxMessageParts >= 1,
				"flask-sockets.max-message-parts must be at least 1; leave it unset for the default");
		requireConnections("max-connections", maxConnections);
		requireConnections("max-compressed-connections", maxCompressedConnections);
		requireConnections("max-connections-per-address", maxConnectionsPerAddress);
		Assert.isTrue(heapShare > 0 && heapShare <= 1,
				() -> "flask-sockets.heap-share must be more than 0 and at most 1, not " + heapShare);
		Assert.isTrue(inboxBudget == null || inboxBudget.toBytes() >= 1,
				() -> "flask-sockets.inbox-budget must be at least 1B, not " + inboxBudget);
		Assert.isTrue(outboxBudget == null || outboxBudget.toBytes() >= 1,
				() -> "flask-sockets.outbox-budget must be at least 1B, not " + outboxBudget);
		Assert.isTrue(!peerCloseGrace.isNegative() && peerCloseGrace.compareTo(Duration.ofMinutes(1)) <= 0,
				() -> "flask-sockets.peer-close-grace must be between 0 and 1m, not " + peerCloseGrace);
	}

	private static void requireMessageSize(String name, DataSize size) {
		Assert.isTrue(size.toBytes() >= 1 && size.toBytes() <= Integer.MAX_VALUE,
				() -> "flask-sockets." + name + " must be between 1B and 2GB, not " + size);
	}

	private static void requireConnections(String name, @Nullable Integer connections) {
		Assert.isTrue(connections == null || connections >= -1, () -> "flask-sockets." + name
				+ " must be -1 for no limit, 0 or more, or unset for the planned default, not " + connections);
	}

	private static void requirePositive(String name, Duration duration) {
		Assert.isTrue(duration.isPositive(), () -> "flask-sockets." + name + " must be positive, not " + duration);
	}

	/**
	 * What carries room, user and broadcast messages to the sockets.
	 */
	public enum Broker {

		/**
		 * One node: messages go straight to this JVM's sockets.
		 */
		MEMORY,

		/**
		 * Every node that shares a Redis.
		 */
		REDIS

	}

	/**
	 * Sizes of the buffers through which the container hands over received messages: Tomcat keeps a text and a
	 * binary one per socket (Jetty keeps none while a socket is idle, and ignores these sizes). The starter joins
	 * the parts of larger messages itself, so messages of every size up to the limits still arrive whole; the sizes
	 * trade memory per socket against parts per message.
	 *
	 * @param initialSize What a socket's buffers hold until a message comes in parts: idle and chatty sockets keep
	 * this size. Also the container's default for new sockets, unless the application serves WebSocket endpoints of
	 * its own or configures the container itself. Between 128B and the maximum.
	 * @param maxSize What a socket's buffer grows to, from its next message of that kind (text or binary) on, once
	 * a message of that kind came in parts: larger than the buffer, or sent in several frames. At most 1MB.
	 */
	public record MessageBuffer(@DefaultValue("1KB") DataSize initialSize, @DefaultValue("8KB") DataSize maxSize) {

		public MessageBuffer {
			Assert.isTrue(initialSize.toBytes() >= 128 && initialSize.toBytes() <= maxSize.toBytes()
					&& maxSize.toBytes() <= 1024 * 1024,
					() -> "flask-sockets.message-buffer.initial-size (" + initialSize + ") and max-size (" + maxSize
							+ ") must be between 128B and 1MB, the initial size no larger than the maximum");
		}

	}

	/**
	 * How many recent messages each node keeps for sockets that join a room again
	 * ({@code Socket.join(room, since)}): messages older than these windows are reported missed, never skipped
	 * silently.
	 *
	 * @param perRoom How many recent messages each room keeps; 0 to keep none.
	 * @param perNode How many recent messages all rooms keep together on a node; the rooms least recently sent to
	 * let theirs go first.
	 */
	public record Replay(@DefaultValue("1000") int perRoom, @DefaultValue("100000") int perNode) {

		public Replay {
			Assert.isTrue(perRoom >= 0 && perNode >= perRoom, () -> "flask-sockets.replay.per-room (" + perRoom
					+ ") must be 0 or more, and per-node (" + perNode + ") no less than it");
		}

	}

	/**
	 * How fast peers may send, each limit a token bucket that refills at its rate and holds its burst; a message
	 * counts when the handler receives it. Unset limits nothing.
	 *
	 * @param messagesPerSecond How many messages one socket may send per second, on average.
	 * @param messageBurst How many messages one socket may send at once after a quiet while; unset for one second's.
	 * @param bytesPerSecond How many bytes (characters of text) one socket may send per second, on average.
	 * @param byteBurst How many bytes one socket may send at once; unset for one second's. With the close policy, at
	 * least the largest message accepted.
	 * @param userMessagesPerSecond How many messages one user may send per second through all of their sockets of a
	 * route, on every node (through Redis with the Redis broker); sockets without a principal are not limited by it.
	 * @param userMessageBurst How many messages one user may send at once; unset for one second's.
	 * @param userBytesPerSecond How many bytes (characters of text) one user may send per second through all of
	 * their sockets of a route, on every node; sockets without a principal are not limited by it.
	 * @param userByteBurst How many bytes one user may send at once; unset for one second's. With the close policy,
	 * at least the largest message accepted.
	 * @param policy What a socket past a limit gets: "delay" (receive() waits, and the server reads from the peer
	 * more slowly) or "close" (1008).
	 */
	public record RateLimit(@DefaultValue("0") long messagesPerSecond, @DefaultValue("0") long messageBurst,
			@Nullable DataSize bytesPerSecond, @Nullable DataSize byteBurst,
			@DefaultValue("0") long userMessagesPerSecond, @DefaultValue("0") long userMessageBurst,
			@Nullable DataSize userBytesPerSecond, @Nullable DataSize userByteBurst,
			@DefaultValue("delay") io.flasksockets.RateLimit.Policy policy) {

		public RateLimit {
			Assert.isTrue(messagesPerSecond >= 0 && messageBurst >= 0 && userMessagesPerSecond >= 0
					&& userMessageBurst >= 0 && Stream.of(bytesPerSecond, byteBurst, userBytesPerSecond, userByteBurst)
						.allMatch((size) -> size == null || !size.isNegative()),
					"flask-sockets.rate-limit.* rates and bursts must be 0 or more");
		}

	}

	/**
	 * Settings of the Redis broker.
	 *
	 * @param keyPrefix Prefix of every Redis key the broker uses, shared by the nodes of one application.
	 * @param streamLength About how many messages the Redis stream keeps, so that a node that lost its connection
	 * gets what was published meanwhile; older messages are counted as lost.
	 * @param presenceInterval How often each node writes how many sockets its rooms and users have; a node that
	 * stops stops counting after three intervals.
	 * @param maxWaiting How many of this node's messages may wait for Redis while it is unreachable; beyond that,
	 * sending to a room, a user or everyone fails at once with SocketBrokerException.
	 * @param maxWait How long one of this node's messages may wait for Redis; once the oldest has waited that long,
	 * sending fails at once with SocketBrokerException. Recent messages are also written again, for this long, into
	 * a stream Redis lost.
	 */
	public record Redis(@DefaultValue("flask-sockets") String keyPrefix, @DefaultValue("10000") long streamLength,
			@DefaultValue("5s") Duration presenceInterval, @DefaultValue("10000") int maxWaiting,
			@DefaultValue("30s") Duration maxWait) {

		public Redis {
			Assert.hasText(keyPrefix, "flask-sockets.redis.key-prefix must not be empty");
			Assert.isTrue(streamLength >= 1, "flask-sockets.redis.stream-length must be at least 1");
			Assert.isTrue(presenceInterval.isPositive(), "flask-sockets.redis.presence-interval must be positive");
			Assert.isTrue(maxWaiting >= 1, "flask-sockets.redis.max-waiting must be at least 1");
			Assert.isTrue(maxWait.isPositive(), "flask-sockets.redis.max-wait must be positive");
		}

	}

}
