package io.flasksockets.internal.routing;

import io.flasksockets.SocketHandler;
import io.flasksockets.internal.telemetry.SocketMetrics;

/**
 * A route as the runtime runs it: the route, its settings with its own options applied, and its metrics.
 *
 * @param route the route
 * @param settings the route's settings
 * @param metrics the route's metrics
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record RouteRuntime(Route route, SocketSettings settings, SocketMetrics.RouteMetrics metrics) {

	/**
	 * Return how the runtime runs a route: with the global settings, to which the route applies its own options.
	 * @param route the route
	 * @param global the global settings
	 * @param metrics the route's metrics
	 * @return the route as the runtime runs it
	 * @throws IllegalStateException naming the route if its options do not fit together
	 */
	public static RouteRuntime of(Route route, SocketSettings global, SocketMetrics.RouteMetrics metrics) {
		try {
			return new RouteRuntime(route, global.withOptions(route.options()), metrics);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSocketRouteException(InvalidSocketRouteException.Kind.DECLARATION, "Socket route '"
					+ route.pattern() + "' of " + route.source() + " is invalid: " + ex.getMessage());
		}
	}

	/**
	 * Return the route's pattern, as declared.
	 * @return the pattern
	 */
	public String pattern() {
		return this.route.pattern().path();
	}

	/**
	 * Return the route's handler.
	 * @return the handler
	 */
	public SocketHandler handler() {
		return this.route.handler();
	}

}
