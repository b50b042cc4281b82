package io.flasksockets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * A named group of routes, mounted under a URL prefix chosen where it is registered, as with Flask's
 * {@code register_blueprint(bp, url_prefix=...)}.
 *
 * <pre class="code">
 * &#064;Bean
 * SocketConfigurer wsBlueprint(EchoSocket echo) {
 *     SocketBlueprint ws = new SocketBlueprint("ws").route("/echo", echo);
 *     return (sockets) -&gt; sockets.registerBlueprint(ws, "/ws");   // serves /ws/echo
 * }
 * </pre>
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see SocketConfigurer
 */
public final class SocketBlueprint {

	private final String name;

	private final Map<String, SocketHandler> routes = new LinkedHashMap<>();

	/**
	 * Create an empty blueprint.
	 * @param name the blueprint's name, used in error messages
	 */
	public SocketBlueprint(String name) {
		Assert.hasText(name, "Blueprint name must not be empty");
		this.name = name;
	}

	/**
	 * Add a route, relative to the prefix the blueprint will be registered under.
	 * @param path the path, in Flask or Spring syntax
	 * @param handler the handler
	 * @return this blueprint
	 */
	public SocketBlueprint route(String path, SocketHandler handler) {
		Assert.isTrue(!this.routes.containsKey(path),
				() -> "Blueprint '" + this.name + "' already has a route '" + path + "'");
		this.routes.put(path, handler);
		return this;
	}

	/**
	 * Return the blueprint's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the blueprint's routes, by path, in the order they were added.
	 * @return the routes
	 */
	public Map<String, SocketHandler> routes() {
		return Collections.unmodifiableMap(this.routes);
	}

}
