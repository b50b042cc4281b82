package io.flasksockets.internal.handshake;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Takes a connection slot of the route and of the server for each handshake, answering {@code 503} when either has
 * as many sockets open as it may. What gives the slots back is left in the handshake's attributes under
 * {@link #SLOTS}, for the {@link HandshakeContextInterceptor} to hand to the socket, which gives them back when it
 * finishes; a handshake that does not upgrade gives them back here.
 */
final class ConnectionSlotsInterceptor implements HandshakeInterceptor {

	/**
	 * The attribute holding what gives the handshake's connection slots back.
	 */
	static final String SLOTS = ConnectionSlotsInterceptor.class.getName() + ".slots";

	private final ConnectionSlots routeSlots;

	private final ConnectionSlots serverSlots;

	private final Runnable onRefused;

	/**
	 * Create an interceptor for one route.
	 * @param onRefused told of each handshake refused
	 */
	ConnectionSlotsInterceptor(ConnectionSlots routeSlots, ConnectionSlots serverSlots, Runnable onRefused) {
		this.routeSlots = routeSlots;
		this.serverSlots = serverSlots;
		this.onRefused = onRefused;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws Exception {
		ConnectionSlots.Slot serverSlot = this.serverSlots.tryTake();
		ConnectionSlots.Slot routeSlot = (serverSlot != null) ? this.routeSlots.tryTake() : null;
		if (routeSlot == null) {
			if (serverSlot != null) {
				serverSlot.giveBack();
			}
			this.onRefused.run();
			HandshakeGuard.refuse(((ServletServerHttpResponse) response).getServletResponse(),
					HttpStatus.SERVICE_UNAVAILABLE, "Too many connections");
			return false;
		}
		Runnable giveBack = () -> {
			routeSlot.giveBack();
			serverSlot.giveBack();
		};
		attributes.put(SLOTS, giveBack);
		servletRequest(request).setAttribute(SLOTS, giveBack);
		return true;
	}

	/**
	 * Give the slots back unless the connection was upgraded: its socket gives them back when it finishes.
	 */
	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
		int status = ((ServletServerHttpResponse) response).getServletResponse().getStatus();
		if ((exception != null || status != HttpStatus.SWITCHING_PROTOCOLS.value())
				&& servletRequest(request).getAttribute(SLOTS) instanceof Runnable giveBack) {
			giveBack.run();
		}
	}

	private static HttpServletRequest servletRequest(ServerHttpRequest request) {
		return ((ServletServerHttpRequest) request).getServletRequest();
	}

}
