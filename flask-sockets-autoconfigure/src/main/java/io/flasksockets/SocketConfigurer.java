package io.flasksockets;

/**
 * Registers routes and blueprints in code. Every bean of this type is called once at startup, next to the
 * routes found through {@link SocketRoute}.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@FunctionalInterface
public interface SocketConfigurer {

	/**
	 * Register routes and blueprints.
	 * @param registry the registry
	 */
	void registerRoutes(SocketRouteRegistry registry);

}
