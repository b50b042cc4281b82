package io.flasksockets.internal.socket;

import java.util.List;
import java.util.function.Consumer;

import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.routing.RouteRuntime;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Adapts Spring's callbacks for one route to blocking sockets: each connection gets a {@link BlockingSocket},
 * which the runtime runs on a thread of its own; received parts are assembled and queued for it without ever
 * making the container's thread wait, pongs keep it alive, and a close wakes it.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class BlockingSocketAdapter implements WebSocketHandler, SubProtocolCapable {

	private static final String SOCKET = BlockingSocket.class.getName();

	private final RouteRuntime route;

	private final SocketServices services;

	private final Consumer<BlockingSocket> runtime;

	/**
	 * Create the adapter of a route.
	 * @param route the route
	 * @param services what the node's sockets share
	 * @param runtime runs each socket that opens
	 */
	public BlockingSocketAdapter(RouteRuntime route, SocketServices services, Consumer<BlockingSocket> runtime) {
		this.route = route;
		this.services = services;
		this.runtime = runtime;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Connection connection = this.services.connections().connect(session, this.route.settings());
		BlockingSocket socket = new BlockingSocket(session, connection, this.route, this.services);
		session.getAttributes().put(SOCKET, socket);
		this.runtime.accept(socket);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		BlockingSocket socket = socket(session);
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
	 * @param session the session whose peer sent a close frame
	 * @param replyAndClose replies to the peer and reports the connection closed
	 */
	public void peerClosing(WebSocketSession session, Runnable replyAndClose) {
		BlockingSocket socket = socket(session);
		if (socket != null) {
			socket.peerClosing(replyAndClose);
		}
		else {
			replyAndClose.run();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		BlockingSocket socket = socket(session);
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
		return this.route.settings().subprotocols();
	}

	private static @Nullable BlockingSocket socket(WebSocketSession session) {
		return (BlockingSocket) session.getAttributes().get(SOCKET);
	}

}
