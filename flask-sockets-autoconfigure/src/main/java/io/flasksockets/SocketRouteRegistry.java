package io.flasksockets;

/**
 * Where a {@link SocketConfigurer} registers routes and blueprints. Paths are subject to the global
 * {@code flask-sockets.path-prefix}.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface SocketRouteRegistry {

	/**
	 * Register a route.
	 * @param path the path, in Flask or Spring syntax
	 * @param handler the handler
	 * @return this registry
	 */
	SocketRouteRegistry route(String path, SocketHandler handler);

	/**
	 * Register every route of a blueprint under a prefix.
	 * @param blueprint the blueprint
	 * @param urlPrefix the prefix, such as {@code /ws}, or an empty string for none
	 * @return this registry
	 */
	SocketRouteRegistry registerBlueprint(SocketBlueprint blueprint, String urlPrefix);

}
