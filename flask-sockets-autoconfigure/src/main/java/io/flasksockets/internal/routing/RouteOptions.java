package io.flasksockets.internal.routing;

import java.time.Duration;
import java.util.List;

import io.flasksockets.RateLimit;
import io.flasksockets.SocketRoute;
import io.flasksockets.internal.limits.RateLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * What a route sets for itself on its {@link SocketRoute} annotation, in place of or in addition to the global
 * properties. {@code null} means the global setting; a zero duration means none.
 *
 * @param subprotocols the subprotocols the route speaks, in order of preference
 * @param maxTextMessageSize the largest text message, or {@code null}
 * @param maxBinaryMessageSize the largest binary message, or {@code null}
 * @param inboundBufferLimit how large the messages waiting for the handler may be together, or {@code null}
 * @param idleTimeout the idle timeout, or {@code null}
 * @param pingInterval the ping interval, or {@code null}
 * @param allowedOrigins extra allowed origins
 * @param allowedOriginPatterns extra allowed origin patterns
 * @param maxConnections how many sockets may be open on the route at once, or a negative number for no limit of
 * its own
 * @param rateLimits the route's rate limits, or {@code null} for the global ones
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record RouteOptions(List<String> subprotocols, @Nullable DataSize maxTextMessageSize,
		@Nullable DataSize maxBinaryMessageSize, @Nullable DataSize inboundBufferLimit, @Nullable Duration idleTimeout,
		@Nullable Duration pingInterval,
		List<String> allowedOrigins, List<String> allowedOriginPatterns, int maxConnections,
		@Nullable RateLimits rateLimits) {

	/**
	 * The options of a route declared in code: all global.
	 */
	public static final RouteOptions NONE = new RouteOptions(List.of(), null, null, null, null, null, List.of(),
			List.of(), -1, null);

	/**
	 * Read the options of an annotated route, and its rate limits if it has them.
	 * @throws IllegalArgumentException naming the attribute whose value does not parse
	 */
	static RouteOptions of(SocketRoute route, @Nullable RateLimit rateLimit) {
		return new RouteOptions(List.of(route.subprotocols()),
				size("maxTextMessageSize", route.maxTextMessageSize()),
				size("maxBinaryMessageSize", route.maxBinaryMessageSize()),
				size("inboundBufferLimit", route.inboundBufferLimit()),
				duration("idleTimeout", route.idleTimeout()), duration("pingInterval", route.pingInterval()),
				List.of(route.allowedOrigins()), List.of(route.allowedOriginPatterns()), route.maxConnections(),
				(rateLimit != null) ? RateLimits.of(rateLimit) : null);
	}

	private static @Nullable DataSize size(String attribute, String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			DataSize size = DataSize.parse(value);
			if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("out of range");
			}
			return size;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					attribute + " = \"" + value + "\" is not a size between 1B and 2GB, such as \"64KB\"");
		}
	}

	private static @Nullable Duration duration(String attribute, String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			Duration duration = DurationStyle.detectAndParse(value);
			if (duration.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					attribute + " = \"" + value + "\" is not a duration of zero or more, such as \"30s\"");
		}
	}

}
