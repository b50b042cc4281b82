package io.flasksockets.internal.handshake;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flasksockets.internal.routing.RoutePattern;
import io.flasksockets.internal.socket.HandshakeContext;
import io.flasksockets.session.LiveSessions;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Copies what the handler may ask about its handshake (path variables, query parameters, cookies, the HTTP
 * session and the security context) into the socket's attributes, with what gives back its connection slots. It refuses with 404 a request whose path
 * variables do not convert. It runs after the {@link HandshakeGuard}, so a refused handshake never touches a
 * session.
 */
final class HandshakeContextInterceptor implements HandshakeInterceptor {

	private final RoutePattern pattern;

	private final LiveSessions sessions;

	HandshakeContextInterceptor(RoutePattern pattern, LiveSessions sessions) {
		this.pattern = pattern;
		this.sessions = sessions;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		@SuppressWarnings("unchecked")
		Map<String, String> matched = (Map<String, String>) servletRequest
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		Map<String, String> pathVariables = this.pattern.accept((matched != null) ? matched : Map.of());
		if (pathVariables == null) {
			response.setStatusCode(HttpStatus.NOT_FOUND);
			return false;
		}
		Runnable releaseSlots = (attributes.remove(ConnectionSlotsInterceptor.SLOTS) instanceof Runnable giveBack)
				? giveBack : () -> {
				};
		attributes.put(HandshakeContext.ATTRIBUTE, new HandshakeContext(pathVariables, queryParams(servletRequest),
				cookies(servletRequest), this.sessions.of(servletRequest), SecurityContextPropagation.capture(),
				releaseSlots));
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	private static Map<String, List<String>> queryParams(HttpServletRequest request) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> params.put(name, List.of(values)));
		return params;
	}

	private static Map<String, String> cookies(HttpServletRequest request) {
		Map<String, String> cookies = new LinkedHashMap<>();
		Cookie[] received = request.getCookies();
		if (received != null) {
			Arrays.stream(received).forEach((cookie) -> cookies.putIfAbsent(cookie.getName(), cookie.getValue()));
		}
		return cookies;
	}

}
