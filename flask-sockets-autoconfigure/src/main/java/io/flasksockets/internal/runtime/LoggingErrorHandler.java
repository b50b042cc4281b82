package io.flasksockets.internal.runtime;

import io.flasksockets.Socket;
import io.flasksockets.SocketErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;

/**
 * The error handler unless the application has its own: a handler failure closes its socket with 1011 (server
 * error), logged once as an error with the route.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class LoggingErrorHandler implements SocketErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(LoggingErrorHandler.class);

	@Override
	public CloseStatus handleError(Socket socket, String route, Throwable error) {
		logger.error("Socket handler for route '{}' failed (socket {})", route, socket.id(), error);
		return CloseStatus.SERVER_ERROR.withReason("Server error");
	}

}
