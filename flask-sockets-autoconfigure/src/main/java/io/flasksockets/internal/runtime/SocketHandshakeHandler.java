package io.flasksockets.internal.runtime;

import java.util.Map;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake, on the container's own terms: Tomcat upgrades through its JSR-356 container, which delivers
 * parts and can suspend reading; Jetty through its own API ({@link JettyUpgradeStrategy}), which can do the same.
 * The request Spring and the container see offers only the extensions the starter accepts.
 */
final class SocketHandshakeHandler implements HandshakeHandler {

	private static final boolean jettyPresent = ClassUtils.isPresent(
			"org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
			SocketHandshakeHandler.class.getClassLoader());

	private static final boolean tomcatPresent = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			SocketHandshakeHandler.class.getClassLoader());

	private final DefaultHandshakeHandler handshake = new DefaultHandshakeHandler(upgradeStrategy());

	private final boolean compression;

	/**
	 * Create a handshake handler.
	 * @param compression whether permessage-deflate may be negotiated
	 */
	SocketHandshakeHandler(boolean compression) {
		this.compression = compression;
	}

	private static RequestUpgradeStrategy upgradeStrategy() {
		return (jettyPresent && !tomcatPresent) ? new JettyUpgradeStrategy() : new StandardWebSocketUpgradeStrategy();
	}

	@Override
	public boolean doHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		ServletServerHttpRequest servletRequest = (ServletServerHttpRequest) request;
		return this.handshake.doHandshake(
				new ServletServerHttpRequest(new HandshakeRequest(servletRequest.getServletRequest(), this.compression)),
				response, handler, attributes);
	}

}
