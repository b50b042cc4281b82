package io.flasksockets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How fast a route's peers may send: messages and bytes per second, per socket and per user across all of the user's
 * sockets on every node (through Redis when the Redis broker is on), each a token bucket that holds a burst. On a
 * {@link SocketRoute} class, or on a {@code @SocketRoute} method or its class, it replaces the
 * {@code flask-sockets.rate-limit.*} properties for that route: what it leaves out is not limited.
 *
 * <p>A message counts when the handler receives it. Past a limit, the {@linkplain Policy#DELAY default} makes
 * {@code receive()} wait until the bucket has refilled (at most 30 s: a message that would wait longer closes the
 * socket with 1008), and the server stops reading from the peer once the inbound queue is full;
 * {@link Policy#CLOSE} closes the socket with 1008 instead.
 *
 * <pre class="code">
 * &#064;SocketRoute("/chat")
 * &#064;RateLimit(messagesPerSecond = 100, messageBurst = 20, userMessagesPerSecond = 200)
 * class Chat implements SocketHandler { ... }
 * </pre>
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimit {

	/**
	 * How many messages one socket may send per second, on average; {@code 0} for no limit.
	 * @return the rate
	 */
	long messagesPerSecond() default 0;

	/**
	 * How many messages one socket may send at once, after a quiet while; {@code 0} for as many as
	 * {@link #messagesPerSecond()}.
	 * @return the burst
	 */
	long messageBurst() default 0;

	/**
	 * How many bytes (characters of text) one socket may send per second, such as {@code "1MB"}; empty for no limit.
	 * @return the rate
	 */
	String bytesPerSecond() default "";

	/**
	 * How many bytes one socket may send at once; empty for as many as {@link #bytesPerSecond()}. With
	 * {@link Policy#CLOSE}, at least the largest message the route accepts.
	 * @return the burst
	 */
	String byteBurst() default "";

	/**
	 * How many messages one user may send per second through all of their sockets of this route, on every node;
	 * {@code 0} for no limit. Sockets without a principal are not limited by it.
	 * @return the rate
	 */
	long userMessagesPerSecond() default 0;

	/**
	 * How many messages one user may send at once; {@code 0} for as many as {@link #userMessagesPerSecond()}.
	 * @return the burst
	 */
	long userMessageBurst() default 0;

	/**
	 * How many bytes (characters of text) one user may send per second through all of their sockets of this route,
	 * on every node, such as {@code "1MB"}; empty for no limit. Sockets without a principal are not limited by it.
	 * @return the rate
	 */
	String userBytesPerSecond() default "";

	/**
	 * How many bytes one user may send at once; empty for as many as {@link #userBytesPerSecond()}. With
	 * {@link Policy#CLOSE}, at least the largest message the route accepts.
	 * @return the burst
	 */
	String userByteBurst() default "";

	/**
	 * What happens to a socket past a limit.
	 * @return the policy
	 */
	Policy policy() default Policy.DELAY;

	/**
	 * What happens to a socket past a limit.
	 */
	enum Policy {

		/**
		 * {@code receive()} waits until the buckets allow the message; the peer is read from more slowly.
		 */
		DELAY,

		/**
		 * The socket closes with 1008 ({@code rate limit exceeded}); the message is not handed to the handler.
		 */
		CLOSE

	}

}
