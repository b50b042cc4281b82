package io.flasksockets.internal.handshake;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake, on the container's own terms (its {@link RequestUpgradeStrategy}), from the request as it was
 * sent (over HTTP/2 the {@code CONNECT} it is), offering only the extensions the starter accepts: none when the node
 * has as many compressed sockets as it may.
 */
final class SocketHandshakeHandler implements HandshakeHandler {

	private final DefaultHandshakeHandler handshake;

	private final boolean compression;

	/**
	 * Create a handshake handler.
	 * @param upgradeStrategy how the container upgrades
	 * @param compression whether permessage-deflate may be negotiated
	 */
	SocketHandshakeHandler(RequestUpgradeStrategy upgradeStrategy, boolean compression) {
		this.handshake = new DefaultHandshakeHandler(upgradeStrategy);
		this.compression = compression;
	}

	@Override
	public boolean doHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		boolean compression = this.compression
				&& servletRequest.getAttribute(ConnectionSlotsInterceptor.COMPRESSION_DECLINED) == null;
		return this.handshake.doHandshake(
				new ServletServerHttpRequest(HandshakeRequest.asSent(servletRequest, compression)), response,
				handler, attributes);
	}

}
