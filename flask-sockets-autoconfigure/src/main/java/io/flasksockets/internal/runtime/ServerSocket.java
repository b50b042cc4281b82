package io.flasksockets.internal.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.flasksockets.HttpSessionView;
import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.broker.Address;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The server side of one socket: the {@link Socket} its handler sees, over a Spring {@link WebSocketSession} and
 * the container's {@link Connection}. Received messages are assembled and wait in an {@link Inbox}; sent ones go
 * through an {@link Outbox}. The {@link SocketMonitor} calls {@link #check(long)} to enforce keepalive, idle, send
 * and close limits.
 *
 * <p>A socket has one close state. The first reason to close, from either side or from a failure, is its
 * {@link #closeStatus()}; from then on sends fail, and the connection is really closed: by the close handshake,
 * or by an abort when the handshake does not finish within the send time limit. The socket is finished once the
 * connection is closed and its handler has returned, whichever comes last.
 */
final class ServerSocket implements Socket {

	private static final long FOREVER = -1;

	static final CloseStatus SEND_LIMIT_EXCEEDED = CloseStatus.SESSION_NOT_RELIABLE;

	static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("HTTP session ended");

	private final WebSocketSession session;

	private final HandshakeContext handshake;

	private final RouteRuntime route;

	private final SocketSettings settings;

	private final Conversions conversions;

	private final Connection connection;

	private final Executor executor;

	private final MessageAssembler assembler;

	private final Inbox inbox;

	private final Outbox outbox;

	private final long sendTimeLimitNanos;

	private final long pingIntervalNanos;

	private final long pongDeadlineNanos;

	private final long idleTimeoutNanos;

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final AtomicBoolean aborted = new AtomicBoolean();

	private final AtomicReference<@Nullable Runnable> closeReply = new AtomicReference<>();

	private final AtomicInteger unfinished = new AtomicInteger(2);

	private final Set<String> rooms = ConcurrentHashMap.newKeySet(1);

	private final Memberships memberships;

	private final Instant openedAt = Instant.now();

	private volatile long messagesIn;

	private volatile long messagesOut;

	private volatile Runnable whenFinished = () -> {
	};

	private volatile boolean disconnected;

	private volatile @Nullable Thread handlerThread;

	private volatile long closingSinceNanos;

	private volatile long lastHeardNanos = System.nanoTime();

	private volatile long lastMessageNanos = this.lastHeardNanos;

	private volatile long lastPingNanos = this.lastHeardNanos;

	/**
	 * Create the socket of a connection that has just opened.
	 * @param route the route that serves it
	 * @param server the server that runs it: its own threads, for writes and aborts that must not happen on the
	 * caller's thread, the rooms and users of its sockets, and its conversions
	 */
	ServerSocket(WebSocketSession session, Connection connection, HandshakeContext handshake, RouteRuntime route,
			SocketServer server) {
		SocketSettings settings = route.settings();
		this.session = session;
		this.memberships = server.memberships();
		this.connection = connection;
		this.handshake = handshake;
		this.route = route;
		this.settings = settings;
		this.conversions = server.conversions();
		this.executor = server.internalExecutor();
		this.sendTimeLimitNanos = nanos(settings.sendTimeLimit());
		this.pingIntervalNanos = nanos(settings.pingInterval());
		this.pongDeadlineNanos = (settings.pingInterval() != null)
				? nanos(settings.pingInterval().plus(settings.pongTimeout())) : Long.MAX_VALUE;
		this.idleTimeoutNanos = nanos(settings.idleTimeout());
		this.assembler = new MessageAssembler(settings.maxTextMessageSize(), settings.maxBinaryMessageSize());
		this.inbox = new Inbox(settings.inboundQueueCapacity(), settings.inboundBufferLimit(), connection);
		this.outbox = new Outbox(connection, this.executor, settings.sendBufferLimit(), settings.sendTimeLimit(),
				this::written, this::writeFailed);
	}

	/**
	 * Return the route that serves the socket.
	 */
	RouteRuntime route() {
		return this.route;
	}

	/**
	 * Return what the socket is, for the actuator endpoint.
	 */
	SocketInfo describe() {
		InetSocketAddress remote = this.session.getRemoteAddress();
		return new SocketInfo(id(), this.route.pattern(), principal().map(Principal::getName).orElse(null),
				(remote != null) ? remote.getHostString() + ":" + remote.getPort() : null, this.openedAt,
				Set.copyOf(this.rooms), this.messagesIn, this.messagesOut);
	}

	/**
	 * Return a limit in nanoseconds: {@link Long#MAX_VALUE} for none, or for one too long to count in nanoseconds.
	 */
	private static long nanos(@Nullable Duration limit) {
		if (limit == null) {
			return Long.MAX_VALUE;
		}
		try {
			return limit.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Take a message, or part of one, from the container and queue it once whole; never waits. A message over
	 * its size limit closes the socket with 1009.
	 */
	void received(WebSocketMessage<?> part) {
		if (isClosed()) {
			return;
		}
		this.lastHeardNanos = System.nanoTime();
		this.connection.partReceived(part);
		try {
			Message message = this.assembler.add(part);
			if (message != null) {
				this.messagesIn++;
				if (this.route.metrics() != SocketMetrics.RouteMetrics.NONE) {
					this.route.metrics().received(PayloadSize.of(message));
				}
				this.lastMessageNanos = this.lastHeardNanos;
				this.handshake.session().touch();
				this.inbox.put(message);
			}
		}
		catch (MessageAssembler.TooBigException ex) {
			closeLater(CloseStatus.TOO_BIG_TO_PROCESS.withReason(ex.getMessage()));
		}
	}

	/**
	 * Whether reading from the peer is paused because the handler is behind.
	 */
	boolean isReadingPaused() {
		return this.inbox.isPaused();
	}

	/**
	 * Record that the peer answered a ping.
	 */
	void ponged() {
		this.lastHeardNanos = System.nanoTime();
	}

	/**
	 * Hold the reply to the peer's close frame until the handler has answered every message it had already
	 * received and asks for the next, returns, or closes, or until the grace period has passed. Sends work until
	 * then.
	 * @param replyAndClose replies to the peer and reports the connection closed
	 */
	void peerClosing(Runnable replyAndClose) {
		Duration grace = this.settings.peerCloseGrace();
		if (grace.isZero() || isClosed()) {
			replyAndClose.run();
			return;
		}
		this.closeReply.set(replyAndClose);
		this.inbox.close(this::releaseCloseReply);
		CompletableFuture.delayedExecutor(grace.toNanos(), TimeUnit.NANOSECONDS, this.executor)
			.execute(this::releaseCloseReply);
	}

	private boolean releaseCloseReply() {
		Runnable reply = this.closeReply.getAndSet(null);
		if (reply != null) {
			reply.run();
			return true;
		}
		return false;
	}

	/**
	 * Record that the connection is closed, by whichever side, and wake the handler.
	 */
	void closed(CloseStatus status) {
		this.disconnected = true;
		this.closeStatus.compareAndSet(null, status);
		this.closeReply.set(null);
		this.inbox.close();
		this.outbox.stop();
		finishPart();
	}

	/**
	 * Record that the handler's thread starts running it.
	 */
	void handlerStarted() {
		this.handlerThread = Thread.currentThread();
	}

	/**
	 * Record that the handler has returned, or will never run.
	 */
	void handlerEnded() {
		this.handlerThread = null;
		releaseCloseReply();
		finishPart();
	}

	/**
	 * Interrupt the handler's thread, if the handler is still running.
	 */
	void interruptHandler() {
		Thread thread = this.handlerThread;
		if (thread != null) {
			thread.interrupt();
		}
	}

	/**
	 * Run the action once the socket is finished: its connection closed and its handler returned.
	 */
	void whenFinished(Runnable action) {
		this.whenFinished = action;
	}

	private void finishPart() {
		if (this.unfinished.decrementAndGet() == 0) {
			this.whenFinished.run();
		}
	}

	/**
	 * Enforce the socket's limits: ping when due, and cut off a peer that stopped answering, a socket idle for too
	 * long, a write that takes too long, or a close handshake the peer does not finish. While reading is paused
	 * because the handler is behind, the peer is neither pinged out nor idle: the server is not listening. Never
	 * blocks: whatever must write or close runs on the starter's threads.
	 */
	void check(long nowNanos) {
		if (this.disconnected) {
			return;
		}
		if (this.outbox.writingFor(nowNanos) > this.sendTimeLimitNanos) {
			this.route.metrics().sendLimitExceeded();
			abort(SEND_LIMIT_EXCEEDED.withReason("Send time limit exceeded"));
			return;
		}
		if (isClosed()) {
			if (nowNanos - this.closingSinceNanos > this.sendTimeLimitNanos) {
				abort(Objects.requireNonNull(this.closeStatus.get()));
			}
			return;
		}
		if (isReadingPaused()) {
			this.lastHeardNanos = nowNanos;
			this.lastMessageNanos = nowNanos;
			return;
		}
		if (nowNanos - this.lastHeardNanos > this.pongDeadlineNanos) {
			abort(CloseStatus.SERVER_ERROR.withReason("Ping timeout"));
		}
		else if (nowNanos - this.lastMessageNanos > this.idleTimeoutNanos) {
			closeLater(CloseStatus.GOING_AWAY.withReason("Idle timeout"));
		}
		else {
			if (nowNanos - this.lastPingNanos >= this.pingIntervalNanos) {
				this.lastPingNanos = nowNanos;
				ping();
			}
		}
	}

	private void ping() {
		try {
			this.outbox.post(new PingMessage());
		}
		catch (Outbox.SendLimitException ex) {
			writeFailed(ex);
		}
		catch (Outbox.ClosedException ex) {
			// Closing already: nothing to keep alive
		}
	}

	/**
	 * Whether the HTTP session the handshake carried has been invalidated or has expired; asks the session store.
	 */
	boolean sessionHasEnded() {
		return this.handshake.session().hasEnded();
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

	@Override
	public <T> @Nullable T receive(Class<T> type) {
		return json(take(FOREVER), type);
	}

	@Override
	public <T> @Nullable T receive(Class<T> type, Duration timeout) {
		return json(take(timeout.toNanos()), type);
	}

	private <T> @Nullable T json(@Nullable Message message, Class<T> type) {
		return (message != null) ? this.conversions.fromJson(message, type) : null;
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

	@Override
	public void send(Object value) {
		send(toWebSocketMessage(this.conversions.toMessage(value)));
	}

	private void send(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.send(message);
			this.lastMessageNanos = System.nanoTime();
		}
		catch (IOException ex) {
			writeFailed(ex);
			throw closedException(ex);
		}
		catch (Outbox.SendLimitException ex) {
			writeFailed(ex);
			throw closedException(null);
		}
		catch (Outbox.ClosedException ex) {
			throw closedException(null);
		}
	}

	@Override
	public void post(String text) {
		post(new TextMessage(text));
	}

	@Override
	public void post(byte[] data) {
		post(new BinaryMessage(data));
	}

	@Override
	public void post(Object value) {
		post(toWebSocketMessage(this.conversions.toMessage(value)));
	}

	/**
	 * Return a message as Spring writes it.
	 */
	static WebSocketMessage<?> toWebSocketMessage(Message message) {
		return switch (message) {
			case Message.Text(String text) -> new TextMessage(text);
			case Message.Binary binary -> new BinaryMessage(binary.data());
		};
	}

	/**
	 * Queue a message without waiting for any write, for fan-out.
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	void post(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.post(message);
		}
		catch (Outbox.SendLimitException ex) {
			writeFailed(ex);
			throw closedException(null);
		}
		catch (Outbox.ClosedException ex) {
			throw closedException(null);
		}
	}

	/**
	 * Count a data message written to the peer.
	 * @param binaryBytes the payload's size if the message is binary
	 */
	private void written(WebSocketMessage<?> message, int binaryBytes) {
		this.messagesOut++;
		if (this.route.metrics() != SocketMetrics.RouteMetrics.NONE) {
			this.route.metrics().sent((message instanceof TextMessage text) ? PayloadSize.of(text) : binaryBytes);
		}
	}

	/**
	 * Abort after a failed write: a send limit exceeded closes with 4500, any other failure means the connection
	 * is lost (1006).
	 */
	private void writeFailed(Exception failure) {
		if (failure instanceof Outbox.SendLimitException) {
			this.route.metrics().sendLimitExceeded();
			abort(SEND_LIMIT_EXCEEDED.withReason(failure.getMessage()));
		}
		else {
			abort(CloseStatus.NO_CLOSE_FRAME.withReason("Write failed: " + failure));
		}
	}

	private void requireOpen() {
		if (isClosed()) {
			throw closedException(null);
		}
	}

	private SocketClosedException closedException(@Nullable Throwable cause) {
		CloseStatus status = Objects.requireNonNull(this.closeStatus.get());
		return new SocketClosedException(id(), "Socket " + id() + " is closed: " + status.getCode()
				+ ((status.getReason() != null) ? " " + status.getReason() : ""), cause);
	}

	@Override
	public void join(String room) {
		if (this.rooms.add(room)) {
			this.memberships.add(Address.room(room), this);
			if (this.unfinished.get() == 0) {
				// Finished meanwhile: the server has already taken it out of its rooms
				this.memberships.remove(Address.room(room), this);
			}
		}
	}

	@Override
	public void leave(String room) {
		if (this.rooms.remove(room)) {
			this.memberships.remove(Address.room(room), this);
		}
	}

	@Override
	public Set<String> rooms() {
		return Collections.unmodifiableSet(this.rooms);
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL.getCode(), "");
	}

	@Override
	public void close(int code, String reason) {
		CloseStatus status = CloseStatuses.of(code, reason);
		if (!releaseCloseReply() && beginClose(status)) {
			this.outbox.close(status);
		}
	}

	/**
	 * Close after what was sent, writing on another thread, as the server does on shutdown.
	 */
	void closeLater(CloseStatus status) {
		if (!releaseCloseReply() && beginClose(status)) {
			this.outbox.closeLater(CloseStatuses.forWire(status));
		}
	}

	private boolean beginClose(CloseStatus status) {
		if (this.closeStatus.compareAndSet(null, status)) {
			this.closingSinceNanos = System.nanoTime();
			this.inbox.close();
			return true;
		}
		return false;
	}

	/**
	 * Cut the connection now, whether the socket is open or already closing: wake the handler, drop what is
	 * queued, and end the connection on the starter's threads. The first reason to close stays the socket's
	 * close status.
	 */
	void abort(CloseStatus status) {
		beginClose(status);
		if (!this.disconnected && this.aborted.compareAndSet(false, true)) {
			this.inbox.close();
			this.outbox.stop();
			CloseStatus wireStatus = CloseStatuses.forWire(status);
			this.executor.execute(() -> this.connection.abort(wireStatus));
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
		return this.conversions.convert(pathVariable(name), type);
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
