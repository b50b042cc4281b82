package io.flasksockets.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for blocking-style WebSocket routes.
 *
 * @param pathPrefix Prefix put before every route's path, such as "/sockets"; empty for none
 * @param allowedOrigins Origins allowed to open sockets besides the page's own origin, such as
 * "https://example.com"; "*" allows any
 * @param allowedOriginPatterns Origin patterns allowed to open sockets besides the page's own origin, such as
 * "https://*.example.com"
 * @param maxTextMessageSize Largest text message accepted, counted in characters; a larger one closes the socket
 * with 1009
 * @param maxBinaryMessageSize Largest binary message accepted; a larger one closes the socket with 1009
 * @param inboundQueueCapacity How many received messages may wait for a handler before the server stops reading
 * from that peer
 * @param idleTimeout How long a socket may go without traffic before the server closes it; unset for no limit
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "flask-sockets", ignoreUnknownFields = false)
public record FlaskSocketsProperties(@DefaultValue("") String pathPrefix, @DefaultValue List<String> allowedOrigins,
		@DefaultValue List<String> allowedOriginPatterns, @DefaultValue("64KB") DataSize maxTextMessageSize,
		@DefaultValue("64KB") DataSize maxBinaryMessageSize, @DefaultValue("32") int inboundQueueCapacity,
		@Nullable Duration idleTimeout) {

	public FlaskSocketsProperties {
		Assert.isTrue(pathPrefix.isEmpty() || (pathPrefix.startsWith("/") && !pathPrefix.endsWith("/")),
				() -> "flask-sockets.path-prefix must be empty or start with '/' and not end with '/', not '"
						+ pathPrefix + "'");
		requireMessageSize("max-text-message-size", maxTextMessageSize);
		requireMessageSize("max-binary-message-size", maxBinaryMessageSize);
		Assert.isTrue(inboundQueueCapacity >= 1, "flask-sockets.inbound-queue-capacity must be at least 1");
		Assert.isTrue(idleTimeout == null || idleTimeout.isPositive(),
				"flask-sockets.idle-timeout must be positive; leave it unset for no limit");
	}

	private static void requireMessageSize(String name, DataSize size) {
		Assert.isTrue(size.toBytes() >= 1 && size.toBytes() <= Integer.MAX_VALUE,
				() -> "flask-sockets." + name + " must be between 1B and 2GB, not " + size);
	}

}
