package io.flasksockets.internal.handshake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.flasksockets.internal.routing.Route;
import io.flasksockets.internal.runtime.Capacity;
import io.flasksockets.internal.runtime.Container;
import io.flasksockets.internal.runtime.SocketRuntime;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.session.LiveSessions;
import jakarta.servlet.Filter;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.ServletWebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * The two handler mappings that serve the routes: one that takes WebSocket handshakes ahead of Spring MVC, and
 * one behind it that answers plain HTTP requests no controller took with {@code 426 Upgrade Required}.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketHandlerMappings {

	/**
	 * The order of the handshake mapping: ahead of Spring MVC's request mappings, which would otherwise take a
	 * handshake to a path a controller also maps.
	 */
	private static final int HANDSHAKE_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * The order of the {@code 426} mapping: behind every other mapping except the static resources'.
	 */
	private static final int UPGRADE_REQUIRED_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	private SocketHandlerMappings() {
	}

	/**
	 * Create the mapping that takes handshakes, registering each route with Spring's WebSocket handler registry.
	 * Each handshake has passed the {@linkplain #handshakeGuard guard} before it gets here.
	 * @param runtime the runtime that runs the sockets, with its routes
	 * @param sessions where each handshake's HTTP session is opened
	 * @param allowedOrigins the origins allowed besides the same origin, on every route
	 * @param allowedOriginPatterns the origin patterns allowed besides the same origin, on every route
	 * @param compression whether permessage-deflate may be negotiated where the container does it correctly
	 * @return the mapping
	 */
	public static WebSocketHandlerMapping handshakes(SocketRuntime runtime, LiveSessions sessions,
			List<String> allowedOrigins, List<String> allowedOriginPatterns, boolean compression) {
		ServletWebSocketHandlerRegistry registry = new ServletWebSocketHandlerRegistry();
		Container container = Container.current();
		SocketHandshakeHandler handshakeHandler = new SocketHandshakeHandler(container.upgradeStrategy(),
				compression && container.compressesCorrectly());
		Capacity capacity = runtime.capacity();
		ConnectionSlotsInterceptor.NodeSlots nodeSlots = new ConnectionSlotsInterceptor.NodeSlots(
				new ConnectionSlots(capacity.maxConnections()), new AddressSlots(capacity.maxConnectionsPerAddress()),
				new ConnectionSlots(capacity.maxCompressedConnections()));
		for (RouteRuntime routeRuntime : runtime.routes()) {
			Route route = routeRuntime.route();
			String pattern = routeRuntime.pattern();
			String[] origins = concat(allowedOrigins, route.options().allowedOrigins());
			String[] originPatterns = concat(allowedOriginPatterns, route.options().allowedOriginPatterns());
			Runnable onRefused = () -> runtime.metrics()
				.handshakeRefused(pattern, HttpStatus.SERVICE_UNAVAILABLE.value());
			WebSocketHandlerRegistration registration = registry
				.addHandler(runtime.handler(routeRuntime), route.pattern().springPattern())
				.setHandshakeHandler(handshakeHandler);
			if (!runtime.observations().isOff()) {
				registration.addInterceptors(new HandshakeObservationInterceptor(runtime.observations(), pattern));
			}
			registration
				.addInterceptors(
						new ConnectionSlotsInterceptor(nodeSlots, new ConnectionSlots(route.options().maxConnections()),
								onRefused),
						new HandshakeContextInterceptor(route.pattern(), sessions))
				// Spring appends its own origin check, which agrees with the guard's
				.setAllowedOrigins(origins)
				.setAllowedOriginPatterns(originPatterns);
		}
		registry.setOrder(HANDSHAKE_ORDER);
		WebSocketHandlerMapping mapping = (WebSocketHandlerMapping) registry.getHandlerMapping();
		mapping.setWebSocketUpgradeMatch(true);
		return mapping;
	}

	/**
	 * Create the servlet filter that checks each handshake to a route before anything else sees it: the server
	 * shutting down, a malformed URL, an origin that is not allowed.
	 * @param runtime the runtime that runs the sockets, with its routes
	 * @param allowedOrigins the origins allowed besides the same origin, on every route
	 * @param allowedOriginPatterns the origin patterns allowed besides the same origin, on every route
	 * @return the filter
	 */
	public static Filter handshakeGuard(SocketRuntime runtime, List<String> allowedOrigins,
			List<String> allowedOriginPatterns) {
		return new HandshakeGuard(runtime, runtime.routes().stream()
			.map(RouteRuntime::route)
			.map((route) -> HandshakeGuard.RouteOrigins.of(route.pattern().path(), route.pattern().springPattern(),
					List.of(concat(allowedOrigins, route.options().allowedOrigins())),
					List.of(concat(allowedOriginPatterns, route.options().allowedOriginPatterns()))))
			.toList(), Container.current()::isHttp2Handshake);
	}

	private static String[] concat(List<String> global, List<String> route) {
		return Stream.concat(global.stream(), route.stream()).distinct().toArray(String[]::new);
	}

	/**
	 * Create the mapping that answers plain HTTP requests to socket paths with {@code 426 Upgrade Required}.
	 * @param runtime the runtime that runs the sockets, with its routes
	 * @return the mapping
	 */
	public static SimpleUrlHandlerMapping upgradeRequired(SocketRuntime runtime) {
		UpgradeRequiredHandler handler = new UpgradeRequiredHandler();
		Map<String, Object> urlMap = new LinkedHashMap<>();
		runtime.routes().forEach((route) -> urlMap.put(route.route().pattern().springPattern(), handler));
		return new SimpleUrlHandlerMapping(urlMap, UPGRADE_REQUIRED_ORDER);
	}

}
