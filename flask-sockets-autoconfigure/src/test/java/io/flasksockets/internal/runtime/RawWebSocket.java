package io.flasksockets.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that speaks frames directly over TCP, for peers that misbehave: ones that never answer
 * pings, never read, send malformed frames, or vanish with a TCP reset.
 */
final class RawWebSocket implements AutoCloseable {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private final int status;

	private final Map<String, String> headers;

	private final String body;

	private RawWebSocket(Socket socket, DataInputStream in, int status, Map<String, String> headers, String body)
			throws IOException {
		this.socket = socket;
		this.in = in;
		this.out = socket.getOutputStream();
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	/**
	 * Send a handshake and read the response's status line and headers.
	 */
	static RawWebSocket connect(int port, String path, String... extraHeaders) throws IOException {
		return connectOver("HTTP/1.1", port, path, extraHeaders);
	}

	/**
	 * Send a handshake in the given version of HTTP and read the response's status line and headers.
	 */
	static RawWebSocket connectOver(String protocol, int port, String path, String... extraHeaders)
			throws IOException {
		return connect(new Socket("localhost", port), protocol, port, path, extraHeaders);
	}

	/**
	 * Connect with a small receive buffer, so that a peer that does not read fills up quickly.
	 */
	static RawWebSocket connectWithSmallReceiveBuffer(int port, String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", port));
		return connect(socket, "HTTP/1.1", port, path);
	}

	private static RawWebSocket connect(Socket socket, String protocol, int port, String path,
			String... extraHeaders) throws IOException {
		socket.setSoTimeout(20_000);
		// Frames go out as they are written, not held back for the previous one's acknowledgement
		socket.setTcpNoDelay(true);
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		StringBuilder request = new StringBuilder("GET " + path + " " + protocol + "\r\nHost: localhost:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\n");
		for (String header : extraHeaders) {
			request.append(header).append("\r\n");
		}
		socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		DataInputStream in = new DataInputStream(socket.getInputStream());
		String statusLine = readLine(in);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		String length = headers.get("content-length");
		byte[] body = new byte[(status != 101 && length != null) ? Integer.parseInt(length) : 0];
		in.readFully(body);
		return new RawWebSocket(socket, in, status, headers, new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * Set how long a read waits before it fails; 20 seconds unless set.
	 */
	void setReadTimeout(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
	}

	int status() {
		return this.status;
	}

	/**
	 * Return the body of a response that refused the upgrade, as far as its {@code Content-Length} says.
	 */
	String body() {
		return this.body;
	}

	String header(String name) {
		return this.headers.get(name.toLowerCase());
	}

	/**
	 * Send one frame, masked as a client must unless told otherwise.
	 */
	void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
		sendFrame(fin, false, opcode, payload, masked);
	}

	/**
	 * Send one frame, with the RSV1 bit that marks the first frame of a compressed message when asked.
	 */
	void sendFrame(boolean fin, boolean rsv1, int opcode, byte[] payload, boolean masked) throws IOException {
		sendRaw(encode((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode, payload, masked));
	}

	/**
	 * Encode a frame: its first byte as given (FIN, RSV and opcode bits), the length, and the payload, masked
	 * with a random key when asked.
	 */
	static byte[] encode(int firstByte, byte[] payload, boolean masked) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(firstByte);
		int maskBit = masked ? 0x80 : 0;
		if (payload.length < 126) {
			frame.write(maskBit | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(maskBit | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(maskBit | 127);
			frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
		}
		byte[] mask = new byte[4];
		if (masked) {
			ThreadLocalRandom.current().nextBytes(mask);
			frame.writeBytes(mask);
		}
		byte[] body = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			body[i] = (byte) (payload[i] ^ mask[i & 3]);
		}
		frame.writeBytes(body);
		return frame.toByteArray();
	}

	void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
		sendFrame(fin, opcode, payload, true);
	}

	void sendText(String text) throws IOException {
		sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write bytes as they are, for frames no well-behaved client would send.
	 */
	void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Read the next frame from the server.
	 */
	Frame readFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[(int) length];
		this.in.readFully(payload);
		return new Frame((first & 0x80) != 0, (first & 0x40) != 0, first & 0x0F, payload);
	}

	/**
	 * Read frames until the server's close frame, answering nothing.
	 * @return the close code, or -1 if the connection ended without one
	 */
	int awaitCloseCode() throws IOException {
		try {
			Frame frame;
			while ((frame = readFrame()).opcode() != CLOSE) {
				// skip data and pings
			}
			return (frame.payload().length >= 2) ? ByteBuffer.wrap(frame.payload()).getShort() & 0xFFFF : 1005;
		}
		catch (EOFException | SocketTimeoutException ex) {
			return -1;
		}
		catch (IOException ex) {
			if (this.socket.isClosed() || "Connection reset".equals(ex.getMessage())) {
				return -1;
			}
			throw ex;
		}
	}

	/**
	 * Vanish without a close frame: the TCP connection ends with a reset.
	 */
	void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private static String readLine(DataInputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\n') {
			if (c < 0) {
				throw new EOFException("Connection closed during the handshake");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
