package io.flasksockets.internal.routing;

import io.flasksockets.SocketHandler;

/**
 * A route ready to be mapped: its full pattern, its handler and where it was declared.
 *
 * @param pattern the full pattern, prefixes included
 * @param handler the handler
 * @param source where the route was declared, for messages (bean, method or blueprint)
 * @param options what the route sets for itself
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Route(RoutePattern pattern, SocketHandler handler, String source, RouteOptions options) {

	@Override
	public String toString() {
		return this.pattern + " (" + this.source + ")";
	}

}
