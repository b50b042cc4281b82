package io.flasksockets.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flasksockets.internal.routing.Route;
import io.flasksockets.internal.runtime.SocketAdmin;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.telemetry.CapacityUse;
import io.flasksockets.internal.telemetry.SocketInfo;
import io.flasksockets.internal.routing.SocketSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.web.socket.CloseStatus;

/**
 * The {@code sockets} actuator endpoint: the routes with their limits and open counts, and the open sockets
 * ({@code GET /actuator/sockets}); one socket ({@code GET /actuator/sockets/{id}}); and closing one socket with a
 * reason ({@code POST /actuator/sockets/{id}} with {@code {"reason": "...", "code": 4000}}, the code optional).
 * It shows principal names and peer addresses, and it can close sockets: secure it like any actuator endpoint that
 * can change things.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@WebEndpoint(id = "sockets")
public class SocketsEndpoint {

	private final SocketAdmin admin;

	SocketsEndpoint(SocketAdmin admin) {
		this.admin = admin;
	}

	/**
	 * Return the routes and the open sockets.
	 * @return the routes and sockets
	 */
	@ReadOperation
	public SocketsDescriptor sockets() {
		Map<String, Long> open = this.admin.openByRoute();
		return new SocketsDescriptor(this.admin.capacity(),
				this.admin.routes().stream().map((route) -> describe(route, open)).toList(),
				this.admin.sockets().stream().map(SocketDescriptor::of).toList());
	}

	/**
	 * Return one open socket.
	 * @param id the socket's id
	 * @return the socket, or {@code null} (404) if no open socket has that id
	 */
	@ReadOperation
	public @Nullable SocketDescriptor socket(@Selector String id) {
		SocketInfo socket = this.admin.socket(id);
		return (socket != null) ? SocketDescriptor.of(socket) : null;
	}

	/**
	 * Close one open socket, after what was sent to it.
	 * @param id the socket's id
	 * @param reason the close reason its peer is given
	 * @param code the close code, 1000 (normal closure) unless given
	 * @return {@code 204} once closing, {@code 404} if no open socket has that id, {@code 400} for a code a close
	 * frame cannot carry
	 */
	@WriteOperation
	public WebEndpointResponse<String> close(@Selector String id, String reason, @Nullable Integer code) {
		try {
			boolean found = this.admin.close(id, (code != null) ? code : CloseStatus.NORMAL.getCode(), reason);
			return new WebEndpointResponse<>(
					found ? WebEndpointResponse.STATUS_NO_CONTENT : WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(ex.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	private RouteDescriptor describe(RouteRuntime runtime, Map<String, Long> open) {
		Route route = runtime.route();
		SocketSettings routeSettings = runtime.settings();
		String pattern = runtime.pattern();
		return new RouteDescriptor(pattern, route.source(), routeSettings.maxTextMessageSize(),
				routeSettings.maxBinaryMessageSize(), routeSettings.inboundBufferLimit(),
				(route.options().maxConnections() >= 0) ? route.options().maxConnections() : null,
				routeSettings.subprotocols(), open.getOrDefault(pattern, 0L));
	}

	/**
	 * How close the node is to its limits, the routes and the open sockets.
	 *
	 * @param capacity the node's limits and how close it is to each (-1 for no limit)
	 * @param routes the routes
	 * @param sockets the open sockets
	 */
	public record SocketsDescriptor(CapacityUse capacity, List<RouteDescriptor> routes,
			List<SocketDescriptor> sockets) implements OperationResponseBody {
	}

	/**
	 * A route, its limits and how many of its sockets are open.
	 *
	 * @param pattern the route's pattern, as declared
	 * @param handler what declared the route and handles its sockets
	 * @param maxTextMessageSize the largest text message, in characters
	 * @param maxBinaryMessageSize the largest binary message, in bytes
	 * @param inboundBufferLimit how much may wait for the handler before reading pauses
	 * @param maxConnections how many of its sockets may be open at once, or {@code null} for no limit
	 * @param subprotocols the subprotocols it offers
	 * @param open how many of its sockets are open
	 */
	public record RouteDescriptor(String pattern, String handler, int maxTextMessageSize, int maxBinaryMessageSize,
			long inboundBufferLimit, @Nullable Integer maxConnections, List<String> subprotocols,
			long open) implements OperationResponseBody {
	}

	/**
	 * An open socket.
	 *
	 * @param id the socket's id
	 * @param route the pattern of the route that serves it
	 * @param principal the name of the principal its handshake authenticated, if any
	 * @param remoteAddress the peer's address, if known
	 * @param openedAt when its handshake finished
	 * @param rooms the rooms it has joined
	 * @param messagesIn how many messages it has received
	 * @param messagesOut how many messages have been written to it
	 * @param readingPaused whether the server has stopped reading from its peer because its handler is behind
	 */
	public record SocketDescriptor(String id, String route, @Nullable String principal,
			@Nullable String remoteAddress, Instant openedAt, Set<String> rooms, long messagesIn, long messagesOut,
			boolean readingPaused) implements OperationResponseBody {

		static SocketDescriptor of(SocketInfo socket) {
			return new SocketDescriptor(socket.id(), socket.route(), socket.principal(), socket.remoteAddress(),
					socket.openedAt(), socket.rooms(), socket.messagesIn(), socket.messagesOut(),
					socket.readingPaused());
		}

	}

}
