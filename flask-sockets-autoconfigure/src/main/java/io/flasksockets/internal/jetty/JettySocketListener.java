package io.flasksockets.internal.jetty;

import java.nio.ByteBuffer;
import java.time.Duration;

import io.flasksockets.internal.socket.BlockingSocketAdapter;
import io.flasksockets.internal.connection.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Jetty's listener for one socket: it hands the socket's handler each part of a message as Jetty reads it, without
 * Jetty's own message size limits, asks Jetty for more only while the socket's inbox has room, and holds Jetty's
 * reply to the peer's close frame while the handler answers what it had already received.
 *
 * <p>Public only because Jetty calls a listener through public method handles; it is not part of the API.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class JettySocketListener implements Session.Listener {

	private final WebSocketHandler handler;

	private final JettyWebSocketSession session;

	private static final Log logger = LogFactory.getLog(JettySocketListener.class);

	private @Nullable JettyConnection connection;

	JettySocketListener(WebSocketHandler handler, JettyWebSocketSession session) {
		this.handler = handler;
		this.session = session;
	}

	@Override
	public void onWebSocketOpen(Session jettySession) {
		this.session.initializeNativeSession(jettySession);
		// Idle time is the monitor's to enforce, the same way on every container
		jettySession.setIdleTimeout(Duration.ZERO);
		JettyConnection opened = new JettyConnection(this.session, jettySession);
		this.connection = opened;
		this.session.getAttributes().put(Connection.ATTRIBUTE, opened);
		if (call(() -> this.handler.afterConnectionEstablished(this.session))) {
			opened.delivered();
		}
	}

	@Override
	public void onWebSocketPartialText(String payload, boolean last) {
		deliver(new TextMessage(payload, last));
	}

	@Override
	public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
		try {
			// The part is copied before Jetty gets its buffer back
			handle(new BinaryMessage(payload, last));
		}
		finally {
			callback.succeed();
		}
		demandNext();
	}

	@Override
	public void onWebSocketPong(ByteBuffer payload) {
		deliver(new PongMessage(payload));
	}

	@Override
	public void onWebSocketError(Throwable cause) {
		call(() -> this.handler.handleTransportError(this.session, cause));
	}

	/**
	 * Reply to the peer's close frame once the socket's handler has answered what it already received, within
	 * the grace period, and only then report the socket closed. A close that ends the connection has nothing to
	 * wait for.
	 */
	@Override
	public void onWebSocketClose(int statusCode, String reason, Callback callback) {
		CloseStatus status = new CloseStatus(statusCode, reason);
		Runnable replyAndClose = () -> {
			callback.succeed();
			closed(status);
		};
		if (this.session.getNativeSession().isOpen()
				&& WebSocketHandlerDecorator.unwrap(this.handler) instanceof BlockingSocketAdapter adapter) {
			adapter.peerClosing(this.session, replyAndClose);
		}
		else {
			replyAndClose.run();
		}
	}

	private void closed(CloseStatus status) {
		call(() -> this.handler.afterConnectionClosed(this.session, status));
	}

	private void deliver(WebSocketMessage<?> message) {
		handle(message);
		demandNext();
	}

	private void handle(WebSocketMessage<?> message) {
		call(() -> this.handler.handleMessage(this.session, message));
	}

	/**
	 * Call the handler as Spring's own Jetty adapter does: a failure closes the socket with 1011.
	 * @return whether the call succeeded
	 */
	private boolean call(HandlerCall call) {
		try {
			call.run();
			return true;
		}
		catch (Exception ex) {
			ExceptionWebSocketHandlerDecorator.tryCloseWithError(this.session, ex, logger);
			return false;
		}
	}

	private void demandNext() {
		if (this.connection != null) {
			this.connection.delivered();
		}
	}

	/**
	 * One call into Spring's handler.
	 */
	@FunctionalInterface
	private interface HandlerCall {

		void run() throws Exception;

	}

}
