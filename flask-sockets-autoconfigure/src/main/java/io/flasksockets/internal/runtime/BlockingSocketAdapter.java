package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.flasksockets.internal.routing.Route;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Adapts Spring's callbacks to a blocking handler: each connection gets a {@link ServerSocket}, which the
 * {@link SocketServer} runs on a thread of its own; received parts are assembled and queued for it without ever
 * making the container's thread wait, pongs keep it alive, and a close wakes it.
 */
final class BlockingSocketAdapter implements WebSocketHandler, SubProtocolCapable {

	private static final boolean tomcatPresent = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			BlockingSocketAdapter.class.getClassLoader());

	private static final String SOCKET = ServerSocket.class.getName();

	private final RouteRuntime route;

	private final SocketSettings settings;

	private final SocketServer server;

	BlockingSocketAdapter(RouteRuntime route, SocketServer server) {
		this.route = route;
		this.settings = route.settings();
		this.server = server;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		HandshakeContext handshake = (HandshakeContext) session.getAttributes().get(HandshakeContext.ATTRIBUTE);
		ServerSocket socket = new ServerSocket(session, connection(session), Objects.requireNonNull(handshake),
				this.route, this.server);
		session.getAttributes().put(SOCKET, socket);
		Runnable giveBackSlots = (Runnable) session.getAttributes().remove(ConnectionSlotsInterceptor.SLOTS);
		this.server.open(socket, (giveBackSlots != null) ? giveBackSlots : () -> {
		});
	}

	private Connection connection(WebSocketSession session) {
		Connection connection = (Connection) session.getAttributes().get(Connection.ATTRIBUTE);
		if (connection == null && tomcatPresent) {
			connection = TomcatConnection.of(session, this.settings);
		}
		if (connection == null) {
			throw new IllegalStateException("Socket routes run on Tomcat or Jetty, not on " + session.getClass());
		}
		return connection;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		ServerSocket socket = socket(session);
		if (socket != null) {
			if (message instanceof PongMessage) {
				socket.ponged();
			}
			else {
				socket.received(message);
			}
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		// The container closes the session next; afterConnectionClosed wakes the handler
	}

	/**
	 * Let the handler answer what it already received before the reply to the peer's close frame goes out (Jetty
	 * tells of the peer's close frame before it replies; Tomcat replies first).
	 * @param replyAndClose replies to the peer and reports the connection closed
	 */
	void peerClosing(WebSocketSession session, Runnable replyAndClose) {
		ServerSocket socket = socket(session);
		if (socket != null) {
			socket.peerClosing(replyAndClose);
		}
		else {
			replyAndClose.run();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		ServerSocket socket = socket(session);
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

	private static @Nullable ServerSocket socket(WebSocketSession session) {
		return (ServerSocket) session.getAttributes().get(SOCKET);
	}

}
