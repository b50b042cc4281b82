package io.flasksockets.internal.socket;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.connection.FakeConnection;
import io.flasksockets.internal.limits.RateLimits;
import io.flasksockets.internal.limits.UserBuckets;
import io.flasksockets.internal.routing.Route;
import io.flasksockets.internal.routing.RouteOptions;
import io.flasksockets.internal.routing.RoutePattern;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.flasksockets.internal.telemetry.SocketObservations;
import io.flasksockets.session.LiveSession;
import io.flasksockets.session.LiveSessions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.socket.WebSocketSession;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Sockets over {@link FakeConnection}s, without a server: for unit tests of what sockets do and of what holds
 * them.
 */
public final class TestSockets {

	/**
	 * The starter's default limits.
	 */
	public static final SocketSettings SETTINGS = new SocketSettings(65536, 65536, 32, 1024 * 1024, null,
			Duration.ofSeconds(25), Duration.ofSeconds(25), Duration.ofSeconds(10), 512 * 1024, Duration.ofSeconds(5),
			Duration.ofSeconds(1), List.of(), 1024, 8192, Duration.ofSeconds(1), null, RateLimits.NONE);

	private static final Conversions conversions = new Conversions(new DefaultConversionService(), new JsonMapper());

	private final SocketServices services;

	/**
	 * Create sockets that share the given rooms, whose writes and aborts run on the given executor.
	 */
	public TestSockets(SocketServices.Rooms rooms, Executor executor) {
		this.services = new SocketServices(conversions, rooms, executor, executor,
				(session, settings) -> (Connection) session.getAttributes().get(Connection.ATTRIBUTE), Long.MAX_VALUE,
				Long.MAX_VALUE, UserBuckets.local(), SocketObservations.NONE);
	}

	/**
	 * Open a socket with the given id on the given connection.
	 */
	public BlockingSocket open(String id, Connection connection) {
		return open(id, connection, LiveSessions.servlet().of(new MockHttpServletRequest()));
	}

	/**
	 * Open a socket with the given id on the given connection, whose handshake carried the given HTTP session.
	 */
	public BlockingSocket open(String id, Connection connection, LiveSession live) {
		WebSocketSession session = mock(WebSocketSession.class);
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(HandshakeContext.ATTRIBUTE, new HandshakeContext(Map.of(), Map.of(), Map.of(), live,
				UnaryOperator.identity(), () -> {
				}));
		attributes.put(Connection.ATTRIBUTE, connection);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		Route route = new Route(RoutePattern.parse("/test"), (ws) -> {
		}, "test", RouteOptions.NONE);
		return new BlockingSocket(session, connection, new RouteRuntime(route, SETTINGS, SocketMetrics.RouteMetrics.NONE),
				this.services);
	}

}
