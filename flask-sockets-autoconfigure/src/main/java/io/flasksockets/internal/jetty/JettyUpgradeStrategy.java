package io.flasksockets.internal.jetty;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
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
 * Jetty negotiates extensions itself, from the handshake's (already sanitized) header. A handshake over HTTP/2, which
 * the starter's filters pass on as the HTTP/1.1 handshake it stands for, reaches Jetty as the {@code CONNECT} it
 * is (RFC 8441).
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
		HttpServletRequest servletRequest = asJettyReadsIt(((ServletServerHttpRequest) request).getServletRequest());
		JettyWebSocketSession session = new JettyWebSocketSession(attributes, user);
		JettySocketListener listener = new JettySocketListener(handler, session);
		JettyWebSocketCreator creator = (upgradeRequest, upgradeResponse) -> {
			if (selectedProtocol != null) {
				upgradeResponse.setAcceptedSubProtocol(selectedProtocol);
			}
			return listener;
		};
		try {
			JettyWebSocketServerContainer.getContainer(servletRequest.getServletContext())
				.upgrade(creator, servletRequest, ((ServletServerHttpResponse) response).getServletResponse());
		}
		catch (Exception ex) {
			throw new HandshakeFailureException("Failed to upgrade " + request.getURI(), ex);
		}
	}

	/**
	 * Return the handshake as Jetty must read it: Jetty reads the method through the request it is given, and an
	 * HTTP/2 request with {@code Upgrade} headers can only be an extended {@code CONNECT} read otherwise (HTTP/2
	 * forbids those headers).
	 */
	private static HttpServletRequest asJettyReadsIt(HttpServletRequest request) {
		if (!"HTTP/2.0".equals(request.getProtocol())) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {

			@Override
			public String getMethod() {
				return "CONNECT";
			}

		};
	}

}
