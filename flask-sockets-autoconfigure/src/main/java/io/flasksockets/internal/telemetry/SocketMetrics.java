package io.flasksockets.internal.telemetry;

import java.util.function.Supplier;

import io.flasksockets.RateLimit;

/**
 * What the runtime reports for metrics: each route's sockets through its {@link RouteMetrics}, and the handshakes
 * refused before a socket exists. Implementations must be fast and never throw: they run on every message.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface SocketMetrics {

	/**
	 * Metrics that record nothing.
	 */
	SocketMetrics NONE = new SocketMetrics() {

		@Override
		public RouteMetrics route(String pattern) {
			return RouteMetrics.NONE;
		}

		@Override
		public void handshakeRefused(String pattern, int status) {
		}

	};

	/**
	 * Return the metrics of a route, once per route at startup.
	 * @param pattern the route's pattern, as declared
	 * @return the route's metrics
	 */
	RouteMetrics route(String pattern);

	/**
	 * Record a handshake to a route refused before it became a socket.
	 * @param pattern the route's pattern
	 * @param status the HTTP status of the refusal
	 */
	void handshakeRefused(String pattern, int status);

	/**
	 * Watch how close the node is to its limits, reading them when the metrics are read. Invoked once, when the
	 * runtime starts.
	 * @param use reads the node's use of its capacity
	 */
	default void watch(Supplier<CapacityUse> use) {
	}

	/**
	 * What happens to the sockets of one route.
	 */
	interface RouteMetrics {

		/**
		 * Metrics that record nothing.
		 */
		RouteMetrics NONE = new RouteMetrics() {
		};

		/**
		 * A socket opened.
		 */
		default void opened() {
		}

		/**
		 * A socket is finished: its connection closed and its handler returned.
		 * @param code the close code
		 */
		default void closed(int code) {
		}

		/**
		 * A whole message arrived.
		 * @param bytes the payload's size
		 */
		default void received(int bytes) {
		}

		/**
		 * A message was written.
		 * @param bytes the payload's size
		 */
		default void sent(int bytes) {
		}

		/**
		 * A handler threw.
		 * @param error what it threw
		 */
		default void handlerFailed(Throwable error) {
		}

		/**
		 * A peer was cut off at a send limit.
		 */
		default void sendLimitExceeded() {
		}

		/**
		 * A received message met a rate limit: the handler waited for it, or its socket closed.
		 * @param policy what the socket got
		 */
		default void rateLimited(RateLimit.Policy policy) {
		}

	}

}
