package io.flasksockets.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Idle sockets opened the way a browser opens them: the handshake offers permessage-deflate, as every browser's
 * does (the JDK's client offers no extensions). Nothing is sent after the handshake, so the client needs no
 * compression state of its own.
 */
final class CompressingHandshakes implements AutoCloseable {

	private static final String OFFER = "permessage-deflate; client_max_window_bits";

	private final List<Socket> sockets = new ArrayList<>();

	private CompressingHandshakes() {
	}

	/**
	 * Open sockets and complete their handshakes.
	 * @throws IllegalStateException if the server does not upgrade a socket or declines compression
	 */
	static CompressingHandshakes open(int port, String path, int connections) throws IOException {
		CompressingHandshakes handshakes = new CompressingHandshakes();
		try {
			for (int i = 0; i < connections; i++) {
				handshakes.sockets.add(handshake(port, path));
			}
			return handshakes;
		}
		catch (IOException | RuntimeException ex) {
			handshakes.close();
			throw ex;
		}
	}

	private static Socket handshake(int port, String path) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("localhost", port));
			byte[] key = new byte[16];
			ThreadLocalRandom.current().nextBytes(key);
			String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Extensions: " + OFFER + "\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			String response = readHead(socket.getInputStream());
			if (!response.startsWith("HTTP/1.1 101") || !response.toLowerCase().contains("permessage-deflate")) {
				throw new IllegalStateException("No compressed socket at " + path + ": " + response);
			}
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed during the handshake: " + head);
			}
			head.append((char) next);
		}
		return head.toString();
	}

	/**
	 * Cut every connection.
	 */
	@Override
	public void close() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
