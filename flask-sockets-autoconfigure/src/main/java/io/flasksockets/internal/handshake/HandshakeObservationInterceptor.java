package io.flasksockets.internal.handshake;

import java.util.Map;

import io.flasksockets.internal.telemetry.SocketObservations;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Observes each handshake of a route, in scope on the request's thread from the first interceptor to the end of the
 * handshake, and leaves the observation in the socket's attributes
 * ({@link SocketObservations#HANDSHAKE_ATTRIBUTE}) as the parent of the socket's own. The first of
 * a route's interceptors, so that a handshake the others refuse is observed too.
 */
final class HandshakeObservationInterceptor implements HandshakeInterceptor {

	private static final String OBSERVATION = SocketObservations.HANDSHAKE_ATTRIBUTE;

	private static final String SCOPE = HandshakeObservationInterceptor.class.getName() + ".scope";

	private final SocketObservations observations;

	private final String route;

	HandshakeObservationInterceptor(SocketObservations observations, String route) {
		this.observations = observations;
		this.route = route;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		Observation observation = this.observations.handshake(this.route, servletRequest);
		attributes.put(OBSERVATION, observation);
		servletRequest.setAttribute(OBSERVATION, observation);
		servletRequest.setAttribute(SCOPE, observation.openScope());
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		if (servletRequest.getAttribute(SCOPE) instanceof Observation.Scope scope) {
			scope.close();
		}
		if (servletRequest.getAttribute(OBSERVATION) instanceof Observation observation) {
			if (exception != null) {
				observation.error(exception);
			}
			observation.stop();
		}
	}

}
