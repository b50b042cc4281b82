package io.flasksockets.internal.runtime;

import io.flasksockets.InvalidMessageException;
import io.flasksockets.Socket;
import io.flasksockets.SocketErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;

/**
 * The error handler unless the application has its own: a message that is not the type the handler asked for
 * closes with 1007 (invalid data) and a reason naming the type, logged as a warning; any other failure closes with
 * 1011 (server error), logged as an error with the route. Each failure is logged once.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class LoggingErrorHandler implements SocketErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(LoggingErrorHandler.class);

	@Override
	public CloseStatus handleError(Socket socket, String route, Throwable error) {
		if (error instanceof InvalidMessageException invalid) {
			logger.warn("Socket {} on route '{}' closed: {}", socket.id(), route, invalid.getMessage());
			return CloseStatus.BAD_DATA.withReason("Invalid " + invalid.getType().getSimpleName());
		}
		logger.error("Socket handler for route '{}' failed (socket {})", route, socket.id(), error);
		return CloseStatus.SERVER_ERROR.withReason("Server error");
	}

}
