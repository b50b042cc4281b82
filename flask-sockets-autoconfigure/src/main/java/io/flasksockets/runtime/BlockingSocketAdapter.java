package io.flasksockets.runtime;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.flasksockets.routing.Route;
import jakarta.websocket.Session;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Adapts Spring's callbacks to a blocking handler: each connection gets a {@link ServerSocket}, which the
 * {@link SocketServer} runs on a thread of its own; received messages are queued for it, pongs keep it alive, and
 * a close wakes it.
 */
final class BlockingSocketAdapter implements WebSocketHandler, SubProtocolCapable {

	/**
	 * Tomcat's per-session limit on one blocking write. The {@link SocketMonitor} enforces the send time limit on
	 * every container; Tomcat's own limit, at twice that, is only a backstop.
	 */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String SOCKET = ServerSocket.class.getName();

	private final Route route;

	private final SocketSettings settings;

	private final SocketServer server;

	private final Executor executor;

	BlockingSocketAdapter(Route route, SocketSettings settings, SocketServer server, Executor executor) {
		this.route = route;
		this.settings = settings;
		this.server = server;
		this.executor = executor;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof Session standardSession) {
			// Idle time is the monitor's to enforce, the same way on every container
			standardSession.setMaxIdleTimeout(0);
			standardSession.getUserProperties()
				.put(TOMCAT_BLOCKING_SEND_TIMEOUT, this.settings.sendTimeLimit().multipliedBy(2).toMillis());
		}
		HandshakeContext handshake = (HandshakeContext) session.getAttributes().get(HandshakeContext.ATTRIBUTE);
		ServerSocket socket = new ServerSocket(session, Objects.requireNonNull(handshake), this.settings,
				this.executor);
		session.getAttributes().put(SOCKET, socket);
		this.server.open(socket, this.route.pattern().path(), this.route.handler());
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws InterruptedException {
		ServerSocket socket = socket(session);
		if (message instanceof PongMessage) {
			socket.ponged();
		}
		else {
			socket.received(message);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		// The container closes the session next; afterConnectionClosed wakes the handler
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		ServerSocket socket = (ServerSocket) session.getAttributes().get(SOCKET);
		if (socket != null) {
			socket.closed(closeStatus);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public List<String> getSubProtocols() {
		return this.settings.subprotocols();
	}

	private static ServerSocket socket(WebSocketSession session) {
		return (ServerSocket) Objects.requireNonNull(session.getAttributes().get(SOCKET));
	}

}
