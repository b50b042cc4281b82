package io.flasksockets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a WebSocket route. On a class it marks a component implementing {@link SocketHandler}, found by
 * component scanning like a {@code @RestController}. On a method of any bean it makes that method the handler;
 * the method takes a {@link Socket} and, by parameter name, any of the route's path variables.
 *
 * <p>The path uses Flask syntax ({@code /chat/<room>}, {@code <int:id>}, {@code <float:x>}, {@code <uuid:id>},
 * {@code <path:rest>}) or Spring syntax ({@code /chat/{room}}). A request whose typed segment does not convert
 * does not match the route.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see SocketHandler
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketRoute {

	/**
	 * The route's path; alias for {@link #path()}.
	 * @return the path
	 */
	@AliasFor("path")
	String value() default "";

	/**
	 * The route's path, in Flask or Spring syntax.
	 * @return the path
	 */
	@AliasFor("value")
	String path() default "";

	/**
	 * The subprotocols the route speaks, in order of preference; the handshake picks the first the client asks
	 * for, and {@link Socket#subprotocol()} tells which.
	 * @return the subprotocols, none by default
	 */
	String[] subprotocols() default {};

	/**
	 * The largest text message this route accepts, such as {@code "1MB"}, in place of
	 * {@code flask-sockets.max-text-message-size}.
	 * @return the size, or an empty string for the global setting
	 */
	String maxTextMessageSize() default "";

	/**
	 * The largest binary message this route accepts, such as {@code "1MB"}, in place of
	 * {@code flask-sockets.max-binary-message-size}.
	 * @return the size, or an empty string for the global setting
	 */
	String maxBinaryMessageSize() default "";

	/**
	 * How large the received messages waiting for this route's handler may be together before the server stops
	 * reading from the peer, such as {@code "16MB"}, in place of {@code flask-sockets.inbound-buffer-limit}.
	 * @return the size, or an empty string for the global setting
	 */
	String inboundBufferLimit() default "";

	/**
	 * How long a socket of this route may go without a message before it is closed, such as {@code "5m"}, in
	 * place of {@code flask-sockets.idle-timeout}; {@code "0"} for no limit.
	 * @return the timeout, or an empty string for the global setting
	 */
	String idleTimeout() default "";

	/**
	 * How often this route's sockets are pinged, such as {@code "10s"}, in place of
	 * {@code flask-sockets.ping-interval}; {@code "0"} for no pings.
	 * @return the interval, or an empty string for the global setting
	 */
	String pingInterval() default "";

	/**
	 * How many sockets may be open on this route at once; a handshake beyond that gets {@code 503}. The server's
	 * own limit, {@code flask-sockets.max-connections}, applies as well.
	 * @return the limit, or a negative number for no limit of the route's own
	 */
	int maxConnections() default -1;

	/**
	 * Origins allowed to open sockets on this route, in addition to {@code flask-sockets.allowed-origins}.
	 * @return the origins, none by default
	 */
	String[] allowedOrigins() default {};

	/**
	 * Origin patterns allowed to open sockets on this route, in addition to
	 * {@code flask-sockets.allowed-origin-patterns}.
	 * @return the patterns, none by default
	 */
	String[] allowedOriginPatterns() default {};

}
