package io.flasksockets.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * The first check of every handshake, before anything touches an HTTP session or a store: {@code 503} once the
 * server is shutting down, {@code 400} for a URL that does not parse, {@code 403} for an origin that is not allowed
 * or does not parse, and {@code 503} when the route or the server has as many sockets open as it may. Each refusal
 * is a plain answer, never a server error.
 *
 * <p>A handshake that passes holds a connection slot of its route and of the server, left in its attributes under
 * {@link #SLOTS} for its socket to give back when it finishes; a handshake that fails later gives them back here.
 */
final class HandshakeGuard implements HandshakeInterceptor {

	/**
	 * The attribute holding what gives the handshake's connection slots back.
	 */
	static final String SLOTS = HandshakeGuard.class.getName() + ".slots";

	private final SocketServer server;

	private final OriginHandshakeInterceptor origins;

	private final ConnectionSlots routeSlots;

	private final ConnectionSlots serverSlots;

	HandshakeGuard(SocketServer server, List<String> allowedOrigins, List<String> allowedOriginPatterns,
			ConnectionSlots routeSlots, ConnectionSlots serverSlots) {
		this.server = server;
		this.origins = new OriginHandshakeInterceptor(allowedOrigins);
		this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
		this.routeSlots = routeSlots;
		this.serverSlots = serverSlots;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws Exception {
		if (!this.server.acceptsHandshakes()) {
			return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "Server shutting down");
		}
		try {
			request.getURI();
		}
		catch (IllegalStateException ex) {
			return refuse(response, HttpStatus.BAD_REQUEST, "Malformed request URL");
		}
		try {
			if (!this.origins.beforeHandshake(request, response, handler, attributes)) {
				return false;
			}
		}
		catch (IllegalArgumentException ex) {
			return refuse(response, HttpStatus.FORBIDDEN, "Malformed Origin");
		}
		return takeSlots(request, response, attributes);
	}

	private boolean takeSlots(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes)
			throws Exception {
		ConnectionSlots.Slot serverSlot = this.serverSlots.tryTake();
		ConnectionSlots.Slot routeSlot = (serverSlot != null) ? this.routeSlots.tryTake() : null;
		if (routeSlot == null) {
			if (serverSlot != null) {
				serverSlot.giveBack();
			}
			return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "Too many connections");
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

	private static boolean refuse(ServerHttpResponse response, HttpStatus status, String message) throws Exception {
		byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		response.getHeaders().setContentLength(body.length);
		response.getBody().write(body);
		return false;
	}

}
