package io.flasksockets.runtime;

import java.util.Objects;
import java.util.concurrent.Executor;

import io.flasksockets.SocketClosedException;
import io.flasksockets.routing.Route;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Adapts Spring's callbacks to a blocking handler: each connection gets a {@link ServerSocket} and one virtual
 * thread running the route's handler; received messages are queued for it, and a close wakes it.
 * The socket is closed with 1000 when the handler returns and with 1011 when it throws.
 */
final class BlockingSocketAdapter implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(BlockingSocketAdapter.class);

	private static final String SOCKET = ServerSocket.class.getName();

	private final Route route;

	private final SocketSettings settings;

	private final Executor executor;

	BlockingSocketAdapter(Route route, SocketSettings settings, Executor executor) {
		this.route = route;
		this.settings = settings;
		this.executor = executor;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		if (this.settings.idleTimeout() != null && session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof Session standardSession) {
			standardSession.setMaxIdleTimeout(this.settings.idleTimeout().toMillis());
		}
		HandshakeContext handshake = (HandshakeContext) session.getAttributes().get(HandshakeContext.ATTRIBUTE);
		ServerSocket socket = new ServerSocket(session, Objects.requireNonNull(handshake), this.settings);
		session.getAttributes().put(SOCKET, socket);
		this.executor.execute(() -> run(socket));
	}

	private void run(ServerSocket socket) {
		MDC.put("socket.route", this.route.pattern().path());
		MDC.put("socket.id", socket.id());
		try {
			this.route.handler().handle(socket);
			socket.close();
		}
		catch (SocketClosedException ex) {
			logger.debug("Socket {} on route '{}' ended: {}", socket.id(), this.route.pattern(), ex.getMessage());
		}
		catch (Throwable ex) {
			logger.error("Socket handler for route '{}' failed (socket {})", this.route.pattern(), socket.id(), ex);
			socket.close(CloseStatus.SERVER_ERROR.getCode(), "Server error");
		}
		finally {
			MDC.remove("socket.route");
			MDC.remove("socket.id");
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws InterruptedException {
		socket(session).received(message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on socket {} of route '{}'", session.getId(), this.route.pattern(), exception);
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

	private static ServerSocket socket(WebSocketSession session) {
		return (ServerSocket) Objects.requireNonNull(session.getAttributes().get(SOCKET));
	}

}
