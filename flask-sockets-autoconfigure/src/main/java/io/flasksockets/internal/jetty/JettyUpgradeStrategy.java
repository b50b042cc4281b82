package io.flasksockets.internal.jetty;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.server.TunnelSupport;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Upgrades handshakes on Jetty 12 (EE 11) to sockets served by a {@link JettySocketListener}. Spring's own strategy
 * for Jetty takes whole messages, within Jetty's message size limits, and asks Jetty for the next one after each;
 * this one takes parts, so that the route's own limits apply, and reads only while the socket's inbox has room.
 * Jetty negotiates extensions itself, from the handshake's (already sanitized) header, and takes handshakes over
 * HTTP/2 (RFC 8441) too, which {@link #isHttp2Handshake} tells apart.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class JettyUpgradeStrategy implements RequestUpgradeStrategy {

	@Override
	public String[] getSupportedVersions() {
		return new String[] { "13" };
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return List.of();
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		JettyWebSocketSession session = new JettyWebSocketSession(attributes, user);
		JettySocketListener listener = new JettySocketListener(handler, session);
		JettyWebSocketCreator creator = (upgradeRequest, upgradeResponse) -> {
			if (selectedProtocol != null) {
				upgradeResponse.setAcceptedSubProtocol(selectedProtocol);
			}
			return listener;
		};
		boolean upgraded;
		try {
			upgraded = JettyWebSocketServerContainer.getContainer(servletRequest.getServletContext())
				.upgrade(creator, servletRequest, ((ServletServerHttpResponse) response).getServletResponse());
		}
		catch (Exception ex) {
			throw new HandshakeFailureException("Failed to upgrade " + request.getURI(), ex);
		}
		if (!upgraded) {
			// Left alone, the response would be an empty 200: over HTTP/2, an open tunnel to the client
			throw new HandshakeFailureException("Jetty did not take the handshake to " + request.getURI());
		}
	}

	/**
	 * Whether a request is a WebSocket handshake over HTTP/2: an extended {@code CONNECT} whose {@code :protocol}
	 * is {@code websocket} (RFC 8441).
	 * @param request the request
	 * @return whether it is such a handshake
	 */
	public static boolean isHttp2Handshake(HttpServletRequest request) {
		if (!"CONNECT".equals(request.getMethod())) {
			return false;
		}
		ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
		TunnelSupport tunnel = (jettyRequest != null) ? jettyRequest.getTunnelSupport() : null;
		return tunnel != null && "websocket".equals(tunnel.getProtocol());
	}

}
