package io.flasksockets.internal.handshake;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestHandler;

/**
 * Answers a plain HTTP request to a socket path that no controller serves with {@code 426 Upgrade Required}.
 */
final class UpgradeRequiredHandler implements HttpRequestHandler {

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.UPGRADE_REQUIRED.value());
		response.setHeader(HttpHeaders.UPGRADE, "websocket");
		response.setHeader(HttpHeaders.CONNECTION, "Upgrade");
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().println("This is a WebSocket endpoint: connect with a WebSocket client.");
	}

}
