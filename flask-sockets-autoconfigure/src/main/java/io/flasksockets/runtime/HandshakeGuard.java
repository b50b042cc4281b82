package io.flasksockets.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * The first check of every handshake, before anything touches an HTTP session or a store: {@code 503} once the
 * server is shutting down, {@code 400} for a URL that does not parse, and {@code 403} for an origin that is not
 * allowed or does not parse. Each refusal is a plain answer, never a server error.
 */
final class HandshakeGuard implements HandshakeInterceptor {

	private final SocketServer server;

	private final OriginHandshakeInterceptor origins;

	HandshakeGuard(SocketServer server, List<String> allowedOrigins, List<String> allowedOriginPatterns) {
		this.server = server;
		this.origins = new OriginHandshakeInterceptor(allowedOrigins);
		this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
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
			return this.origins.beforeHandshake(request, response, handler, attributes);
		}
		catch (IllegalArgumentException ex) {
			return refuse(response, HttpStatus.FORBIDDEN, "Malformed Origin");
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

	private static boolean refuse(ServerHttpResponse response, HttpStatus status, String message) throws Exception {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		response.getBody().write((message + "\n").getBytes(StandardCharsets.UTF_8));
		return false;
	}

}
