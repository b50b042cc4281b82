package io.flasksockets.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.flasksockets.HttpSessionView;
import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The server side of one socket: the {@link Socket} its handler sees, over a Spring {@link WebSocketSession}.
 * Received messages are assembled and wait in an {@link Inbox}; sent ones go through an {@link Outbox}. The
 * {@link SocketMonitor} calls {@link #check(long)} to enforce keepalive, idle, send and session limits.
 */
final class ServerSocket implements Socket {

	private static final long FOREVER = -1;

	static final CloseStatus SEND_LIMIT_EXCEEDED = CloseStatus.SESSION_NOT_RELIABLE;

	static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("HTTP session ended");

	private final WebSocketSession session;

	private final HandshakeContext handshake;

	private final SocketSettings settings;

	private final MessageAssembler assembler;

	private final Inbox inbox;

	private final Outbox outbox;

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private volatile long lastHeardNanos = System.nanoTime();

	private volatile long lastMessageNanos = this.lastHeardNanos;

	private volatile long lastPingNanos = this.lastHeardNanos;

	private volatile long lastSessionCheckNanos = this.lastHeardNanos;

	private final Executor executor;

	ServerSocket(WebSocketSession session, HandshakeContext handshake, SocketSettings settings, Executor executor) {
		this.session = session;
		this.handshake = handshake;
		this.settings = settings;
		this.executor = executor;
		this.assembler = new MessageAssembler(settings.maxTextMessageSize(), settings.maxBinaryMessageSize());
		this.inbox = new Inbox(settings.inboundQueueCapacity());
		this.outbox = new Outbox(session, executor, settings.sendBufferLimit(), settings.sendTimeLimit());
	}

	/**
	 * Take a message, or part of one, from the container and queue it once whole, waiting while the inbox is
	 * full. A message over its size limit closes the socket with 1009.
	 */
	void received(WebSocketMessage<?> part) throws InterruptedException {
		this.lastHeardNanos = System.nanoTime();
		try {
			Message message = this.assembler.add(part);
			if (message != null) {
				this.lastMessageNanos = this.lastHeardNanos;
				this.handshake.session().touch();
				this.inbox.put(message);
			}
		}
		catch (MessageAssembler.TooBigException ex) {
			close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), ex.getMessage());
		}
	}

	/**
	 * Record that the peer answered a ping.
	 */
	void ponged() {
		this.lastHeardNanos = System.nanoTime();
	}

	/**
	 * Record that the connection is closed, by whichever side, and wake the handler.
	 */
	void closed(CloseStatus status) {
		this.closeStatus.compareAndSet(null, status);
		this.inbox.close();
	}

	/**
	 * Enforce the socket's limits: ping when due, and cut off a peer that stopped answering, a socket idle for too
	 * long, a write that takes too long, or a socket whose HTTP session has ended. Never blocks: a session check,
	 * which may reach a shared store, runs on the executor.
	 */
	void check(long nowNanos) {
		if (isClosed()) {
			return;
		}
		Duration pingInterval = this.settings.pingInterval();
		Duration idleTimeout = this.settings.idleTimeout();
		if (this.outbox.writingFor(nowNanos) > this.settings.sendTimeLimit().toNanos()) {
			abort(SEND_LIMIT_EXCEEDED.withReason("Send time limit exceeded"));
		}
		else if (pingInterval != null && nowNanos - this.lastHeardNanos > pingInterval.toNanos()
				+ this.settings.pongTimeout().toNanos()) {
			abort(CloseStatus.SERVER_ERROR.withReason("Ping timeout"));
		}
		else if (idleTimeout != null && nowNanos - this.lastMessageNanos > idleTimeout.toNanos()) {
			closeLater(CloseStatus.GOING_AWAY.withReason("Idle timeout"));
		}
		else {
			if (pingInterval != null && nowNanos - this.lastPingNanos >= pingInterval.toNanos()) {
				this.lastPingNanos = nowNanos;
				ping();
			}
			if (this.handshake.session().id() != null
					&& nowNanos - this.lastSessionCheckNanos >= this.settings.sessionCheckInterval().toNanos()) {
				this.lastSessionCheckNanos = nowNanos;
				this.executor.execute(this::closeIfSessionEnded);
			}
		}
	}

	private void ping() {
		try {
			this.outbox.post(new PingMessage());
		}
		catch (Outbox.SendLimitException ex) {
			abort(SEND_LIMIT_EXCEEDED.withReason(ex.getMessage()));
		}
	}

	/**
	 * Close with 1008 if the HTTP session the handshake carried has been invalidated or has expired.
	 */
	void closeIfSessionEnded() {
		if (this.handshake.session().hasEnded()) {
			closeLater(SESSION_ENDED);
		}
	}

	/**
	 * Return the id of the HTTP session the handshake carried.
	 */
	@Nullable String sessionId() {
		return this.handshake.session().id();
	}

	/**
	 * Wrap a task so that it runs with what the handler's thread carries over from the handshake.
	 */
	Runnable withHandshakeContext(Runnable task) {
		return this.handshake.threadContext().apply(task);
	}

	@Override
	public String id() {
		return this.session.getId();
	}

	@Override
	public @Nullable String receive() {
		return text(take(FOREVER));
	}

	@Override
	public @Nullable String receive(Duration timeout) {
		return text(take(timeout.toNanos()));
	}

	@Override
	public @Nullable Message receiveMessage() {
		return take(FOREVER);
	}

	@Override
	public @Nullable Message receiveMessage(Duration timeout) {
		return take(timeout.toNanos());
	}

	private @Nullable Message take(long timeoutNanos) {
		try {
			return this.inbox.take(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private @Nullable String text(@Nullable Message message) {
		return switch (message) {
			case Message.Text text -> text.text();
			case Message.Binary binary -> {
				close(CloseStatus.NOT_ACCEPTABLE.getCode(), "This route accepts text messages only");
				yield null;
			}
			case null -> null;
		};
	}

	@Override
	public Iterable<String> messages() {
		return () -> new Iterator<>() {

			private @Nullable String next;

			@Override
			public boolean hasNext() {
				if (this.next == null) {
					this.next = receive();
				}
				return this.next != null;
			}

			@Override
			public String next() {
				String current = hasNext() ? this.next : null;
				if (current == null) {
					throw new NoSuchElementException("The socket is closed");
				}
				this.next = null;
				return current;
			}

		};
	}

	@Override
	public void send(String text) {
		send(new TextMessage(text));
	}

	@Override
	public void send(byte[] data) {
		send(new BinaryMessage(data));
	}

	@Override
	public void send(ByteBuffer data) {
		send(new BinaryMessage(data.duplicate()));
	}

	private void send(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.send(message);
			this.lastMessageNanos = System.nanoTime();
		}
		catch (IOException ex) {
			closed(CloseStatus.NO_CLOSE_FRAME);
			throw closedException(ex);
		}
		catch (Outbox.SendLimitException ex) {
			abort(SEND_LIMIT_EXCEEDED.withReason(ex.getMessage()));
			throw closedException(null);
		}
	}

	/**
	 * Queue a message without waiting for any write, for fan-out.
	 */
	void post(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.post(message);
		}
		catch (Outbox.SendLimitException ex) {
			abort(SEND_LIMIT_EXCEEDED.withReason(ex.getMessage()));
			throw closedException(null);
		}
	}

	private void requireOpen() {
		if (isClosed()) {
			throw closedException(null);
		}
	}

	private SocketClosedException closedException(@Nullable Throwable cause) {
		CloseStatus status = Objects.requireNonNull(this.closeStatus.get());
		return new SocketClosedException("Socket " + id() + " is closed: " + status.getCode()
				+ ((status.getReason() != null) ? " " + status.getReason() : ""), cause);
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL.getCode(), "");
	}

	@Override
	public void close(int code, String reason) {
		CloseStatus status = new CloseStatus(code, reason);
		if (this.closeStatus.compareAndSet(null, status)) {
			this.inbox.close();
			this.outbox.close(status);
		}
	}

	/**
	 * Close after what was sent, writing on another thread, as the server does on shutdown.
	 */
	void closeLater(CloseStatus status) {
		if (this.closeStatus.compareAndSet(null, status)) {
			this.inbox.close();
			this.outbox.closeLater(status);
		}
	}

	/**
	 * Cut the peer off at once: wake the handler and close without waiting for queued messages.
	 */
	void abort(CloseStatus status) {
		if (this.closeStatus.compareAndSet(null, status)) {
			this.inbox.close();
			this.outbox.abort(status);
		}
	}

	@Override
	public boolean isClosed() {
		return this.closeStatus.get() != null;
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus.get();
	}

	@Override
	public String pathVariable(String name) {
		String value = this.handshake.pathVariables().get(name);
		if (value == null) {
			throw new IllegalArgumentException("No path variable '" + name + "'; the route has "
					+ this.handshake.pathVariables().keySet());
		}
		return value;
	}

	@Override
	public <T> T pathVariable(String name, Class<T> type) {
		return Objects.requireNonNull(DefaultConversionService.getSharedInstance().convert(pathVariable(name), type));
	}

	@Override
	public @Nullable String queryParam(String name) {
		List<String> values = this.handshake.queryParams().get(name);
		return (values != null && !values.isEmpty()) ? values.getFirst() : null;
	}

	@Override
	public @Nullable String header(String name) {
		return this.session.getHandshakeHeaders().getFirst(name);
	}

	@Override
	public @Nullable String cookie(String name) {
		return this.handshake.cookies().get(name);
	}

	@Override
	public Map<String, String> cookies() {
		return this.handshake.cookies();
	}

	@Override
	public Optional<Principal> principal() {
		return Optional.ofNullable(this.session.getPrincipal());
	}

	@Override
	public HttpSessionView session() {
		return this.handshake.session();
	}

	@Override
	public @Nullable String subprotocol() {
		String protocol = this.session.getAcceptedProtocol();
		return (protocol != null && !protocol.isEmpty()) ? protocol : null;
	}

	@Override
	public URI uri() {
		return Objects.requireNonNull(this.session.getUri());
	}

	@Override
	public Map<String, Object> attributes() {
		return this.session.getAttributes();
	}

	@Override
	public String toString() {
		return "Socket " + id() + " " + this.session.getUri();
	}

}
