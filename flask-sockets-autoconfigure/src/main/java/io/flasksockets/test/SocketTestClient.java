package io.flasksockets.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A blocking WebSocket client for tests, with the same verbs as the server's {@link io.flasksockets.Socket}:
 * {@code receive}, {@code send}, {@code close}. It runs on the JDK's {@link java.net.http.WebSocket}.
 *
 * <pre class="code">
 * try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + port + "/echo"))) {
 *     ws.send("hello");
 *     assertThat(ws.receive()).isEqualTo("hello");
 * }
 * </pre>
 *
 * A receive that gets no message within the {@linkplain #withTimeout(Duration) timeout} (10 seconds by default)
 * fails with an {@link AssertionError} rather than hanging the test.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketTestClient implements AutoCloseable {

	private static final Object CLOSED = new Object();

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();

	private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<CloseStatus> closeStatus = new CompletableFuture<>();

	private final ReentrantLock sendLock = new ReentrantLock();

	private final WebSocket webSocket;

	private Duration timeout = DEFAULT_TIMEOUT;

	private SocketTestClient(URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = httpClient.newWebSocketBuilder();
		headers.forEach((name, value) -> {
			if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
				builder.subprotocols(value);
			}
			else {
				builder.header(name, value);
			}
		});
		this.webSocket = builder.buildAsync(uri, new Listener())
			.orTimeout(DEFAULT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
			.join();
	}

	/**
	 * Open a socket.
	 * @param uri the URL, such as {@code ws://localhost:8080/echo}
	 * @return the connected client
	 * @throws java.util.concurrent.CompletionException if the handshake fails or takes more than 10 seconds; its
	 * cause is a {@link java.net.http.WebSocketHandshakeException} when the server answered without upgrading
	 */
	public static SocketTestClient connect(URI uri) {
		return connect(uri, Map.of());
	}

	/**
	 * Open a socket, sending extra handshake headers such as {@code Cookie}, {@code Origin} or
	 * {@code Sec-WebSocket-Protocol}.
	 * @param uri the URL
	 * @param headers the headers
	 * @return the connected client
	 */
	public static SocketTestClient connect(URI uri, Map<String, String> headers) {
		return new SocketTestClient(uri, headers);
	}

	/**
	 * Set how long a receive or {@link #awaitClose()} waits before it fails.
	 * @param timeout the timeout
	 * @return this client
	 */
	public SocketTestClient withTimeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Wait for the next message and return it as text.
	 * @return the text, or {@code null} once the server has closed the socket
	 * @throws AssertionError if no message arrives in time, or if it is binary
	 */
	public @Nullable String receive() {
		Message message = receiveMessage();
		if (message instanceof Message.Binary binary) {
			throw new AssertionError("Expected a text message but received " + binary);
		}
		return (message != null) ? ((Message.Text) message).text() : null;
	}

	/**
	 * Wait for the next message, text or binary.
	 * @return the message, or {@code null} once the server has closed the socket
	 * @throws AssertionError if no message arrives in time
	 */
	public @Nullable Message receiveMessage() {
		try {
			Object next = this.received.poll(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			if (next == null) {
				throw new AssertionError("No message within " + this.timeout);
			}
			if (next == CLOSED) {
				this.received.add(CLOSED);
				return null;
			}
			return (Message) next;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a message", ex);
		}
	}

	/**
	 * Send a text message and wait until it is written.
	 * @param text the text
	 */
	public void send(String text) {
		sendWith(() -> this.webSocket.sendText(text, true));
	}

	/**
	 * Send a binary message and wait until it is written.
	 * @param data the bytes
	 */
	public void send(byte[] data) {
		sendWith(() -> this.webSocket.sendBinary(ByteBuffer.wrap(data), true));
	}

	/**
	 * Send the remaining bytes of the buffer as a binary message and wait until it is written. The buffer's
	 * position is left unchanged.
	 * @param data the bytes
	 */
	public void send(ByteBuffer data) {
		sendWith(() -> this.webSocket.sendBinary(data.duplicate(), true));
	}

	private void sendWith(Supplier<CompletableFuture<WebSocket>> sender) {
		this.sendLock.lock();
		try {
			sender.get().join();
		}
		catch (CompletionException ex) {
			CloseStatus closed = this.closeStatus.getNow(null);
			if (closed == null) {
				throw ex;
			}
			throw new IllegalStateException("The server closed the socket with " + closed, ex);
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/**
	 * Close the socket with 1000 (normal closure) and wait for the server's answer.
	 */
	@Override
	public void close() {
		close(CloseStatus.NORMAL.getCode(), "");
	}

	/**
	 * Close the socket with the given status and wait for the server's answer.
	 * @param code the close code
	 * @param reason the reason
	 */
	public void close(int code, String reason) {
		if (!this.closeStatus.isDone()) {
			try {
				sendWith(() -> this.webSocket.sendClose(code, reason));
			}
			catch (IllegalStateException ex) {
				// The server closed while this close was on its way, and its close was answered already
			}
		}
		awaitClose();
	}

	/**
	 * Drop the connection without a close handshake, as a crashed client or a lost network would.
	 */
	public void abort() {
		this.webSocket.abort();
		this.closeStatus.complete(CloseStatus.NO_CLOSE_FRAME);
	}

	/**
	 * Wait until the server has closed the socket.
	 * @return the server's close code and reason, or 1006 if the connection was lost without one
	 * @throws AssertionError if the socket is not closed in time
	 */
	public CloseStatus awaitClose() {
		try {
			return this.closeStatus.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("Socket not closed within " + this.timeout, ex);
		}
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, or an empty string if none
	 */
	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	/**
	 * Whether the server has closed the socket or the connection is lost.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.closeStatus.isDone();
	}

	/**
	 * Collects whole messages and the close.
	 */
	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		/**
		 * Take every message as it comes: the client's queue holds them, and the close is never held back for
		 * want of demand.
		 */
		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				SocketTestClient.this.received.add(new Message.Text(this.text.toString()));
				this.text.setLength(0);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				SocketTestClient.this.received.add(new Message.Binary(this.binary.toByteArray()));
				this.binary.reset();
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed(new CloseStatus(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed(CloseStatus.NO_CLOSE_FRAME);
		}

		private void closed(CloseStatus status) {
			SocketTestClient.this.received.add(CLOSED);
			SocketTestClient.this.closeStatus.complete(status);
		}

	}

}
