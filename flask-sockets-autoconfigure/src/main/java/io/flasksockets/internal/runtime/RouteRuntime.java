package io.flasksockets.internal.runtime;

import io.flasksockets.SocketHandler;

/**
 * A route as the runtime runs it: its pattern, its handler, its settings with its own options applied, and its
 * metrics.
 *
 * @param pattern the route's pattern, as declared
 * @param handler the route's handler
 * @param settings the route's settings
 * @param metrics the route's metrics
 */
record RouteRuntime(String pattern, SocketHandler handler, SocketSettings settings,
		SocketMetrics.RouteMetrics metrics) {
}
