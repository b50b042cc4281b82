package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.CloseStatuses;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.telemetry.CapacityUse;
import io.flasksockets.internal.telemetry.SocketInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * What operators see of the node's sockets, for the actuator endpoint: the routes and their open counts, the
 * open sockets, how close the node is to its limits, and closing one.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketAdmin {

	private final List<RouteRuntime> routes;

	private final SocketRegistry registry;

	private final Supplier<CapacityUse> capacity;

	SocketAdmin(List<RouteRuntime> routes, SocketRegistry registry, Supplier<CapacityUse> capacity) {
		this.routes = routes;
		this.registry = registry;
		this.capacity = capacity;
	}

	/**
	 * Return how close the node is to each limit of its capacity.
	 * @return the use of the node's capacity
	 */
	public CapacityUse capacity() {
		return this.capacity.get();
	}

	/**
	 * Return the routes as the runtime runs them.
	 * @return the routes
	 */
	public List<RouteRuntime> routes() {
		return this.routes;
	}

	/**
	 * Return how many sockets of each route are open.
	 * @return the counts by route pattern, without the routes that have none
	 */
	public Map<String, Long> openByRoute() {
		return this.registry.all()
			.stream()
			.collect(Collectors.groupingBy((socket) -> socket.route().pattern(), Collectors.counting()));
	}

	/**
	 * Return what each open socket is.
	 * @return the sockets
	 */
	public List<SocketInfo> sockets() {
		return this.registry.all().stream().map(BlockingSocket::describe).toList();
	}

	/**
	 * Return what an open socket is.
	 * @param id the socket's id
	 * @return the socket, or {@code null} if no open socket has that id
	 */
	public @Nullable SocketInfo socket(String id) {
		return this.registry.find(id).map(BlockingSocket::describe).orElse(null);
	}

	/**
	 * Close an open socket after what was sent to it, without writing on the caller's thread.
	 * @param id the socket's id
	 * @param code the close code
	 * @param reason the reason
	 * @return whether an open socket had that id
	 * @throws IllegalArgumentException if a close frame cannot carry the code
	 */
	public boolean close(String id, int code, String reason) {
		CloseStatus status = CloseStatuses.of(code, reason);
		return this.registry.find(id).map((socket) -> {
			socket.closeLater(status);
			return true;
		}).orElse(false);
	}

}
