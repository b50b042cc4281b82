package io.flasksockets.internal.socket;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.flasksockets.internal.connection.CloseState;
import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.connection.Intake;
import io.flasksockets.internal.connection.Liveness;
import io.flasksockets.internal.connection.PayloadSize;
import io.flasksockets.internal.connection.Sender;
import io.flasksockets.internal.limits.Throttle;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.telemetry.SocketInfo;
import io.flasksockets.internal.telemetry.SocketObservations;
import io.flasksockets.internal.telemetry.SocketTrace;
import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.Replay;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link Socket} a handler sees, over a Spring {@link WebSocketSession} and the container's
 * {@link Connection}. Received messages come through its {@link Intake} and sent ones go through its
 * {@link Sender}; the {@link CloseState} keeps why and whether it is closed, and {@link Liveness} whether its peer
 * is alive. The runtime's monitor calls {@link #check(long)} to enforce keepalive, idle, send and close limits.
 *
 * <p>Once closing has begun sends fail, and the connection is really closed: by the close handshake, or by an
 * abort when the handshake does not finish within the send time limit.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class BlockingSocket extends MessageSocket {

	private static final CloseStatus RATE_LIMITED = CloseStatus.POLICY_VIOLATION.withReason("Rate limit exceeded");

	private final Connection connection;

	private final RouteRuntime route;

	private final SocketServices services;

	private final Intake intake;

	private final Sender sender;

	private final CloseState closeState = new CloseState();

	private final Liveness liveness;

	private final Throttle throttle;

	private final SocketTrace trace;

	private final long sendTimeLimitNanos;

	private final long closeTimeoutNanos;

	private final Set<String> rooms = ConcurrentHashMap.newKeySet(1);

	private final Instant openedAt = Instant.now();

	private volatile @Nullable Envelope envelope;

	/**
	 * Create the socket of a connection that has just opened.
	 * @param session Spring's session of the connection
	 * @param connection the container's side of the connection
	 * @param route the route that serves it
	 * @param services what the node's sockets share
	 */
	public BlockingSocket(WebSocketSession session, Connection connection, RouteRuntime route,
			SocketServices services) {
		super(session, services.conversions());
		SocketSettings settings = route.settings();
		this.connection = connection;
		this.route = route;
		this.services = services;
		this.sendTimeLimitNanos = Liveness.nanos(settings.sendTimeLimit());
		this.closeTimeoutNanos = Liveness.nanos(settings.closeTimeout());
		this.liveness = new Liveness(settings, System.nanoTime());
		this.intake = new Intake(settings, connection, services.buffers(), this.liveness, route.metrics(),
				this.handshake.session());
		this.sender = new Sender(session.getId(), connection, settings, services.writers(), services.buffers(),
				this.closeState, this.liveness, route.metrics(), this::abort);
		this.throttle = Throttle.of(settings.rateLimits(), route.metrics(), services.users(), route.pattern(),
				principal().map(Principal::getName).orElse(null));
		this.trace = services.observations().socket(route.pattern(), session.getId(),
				// Taken out: it is not the application's, and would keep the upgrade request's context alive
				(session.getAttributes().remove(SocketObservations.HANDSHAKE_ATTRIBUTE) instanceof Observation handshake)
						? handshake : null);
	}

	/**
	 * Return the route that serves the socket.
	 * @return the route
	 */
	public RouteRuntime route() {
		return this.route;
	}

	/**
	 * Return what observes the socket and the messages its handler works on.
	 * @return the socket's observations
	 */
	public SocketTrace trace() {
		return this.trace;
	}

	/**
	 * Return what the handshake carried.
	 * @return the handshake's context
	 */
	public HandshakeContext handshake() {
		return this.handshake;
	}

	/**
	 * Return what the socket is, for the actuator endpoint.
	 * @return the socket's description
	 */
	public SocketInfo describe() {
		InetSocketAddress remote = this.session.getRemoteAddress();
		return new SocketInfo(id(), this.route.pattern(), principal().map(Principal::getName).orElse(null),
				(remote != null) ? remote.getHostString() + ":" + remote.getPort() : null, this.openedAt,
				Set.copyOf(this.rooms), this.intake.messages(), this.sender.messages(),
				!this.intake.isListening(), this.throttle.limited());
	}

	/**
	 * Whether the socket compresses its messages (permessage-deflate).
	 * @return whether compression was negotiated
	 */
	public boolean isCompressed() {
		return this.session.getExtensions()
			.stream()
			.anyMatch((extension) -> "permessage-deflate".equals(extension.getName()));
	}

	/**
	 * Take a message, or part of one, from the container; never waits. A message over its size limit closes the
	 * socket with 1009. Once the socket is closing, a peer that goes on sending is not read from any more, and its
	 * connection is cut after the close timeout, so that what it sends costs nothing: no memory, and no inflating.
	 */
	void received(WebSocketMessage<?> part) {
		if (isClosed()) {
			if (this.closeState.claimDeafness()) {
				this.connection.pauseReading();
				CompletableFuture.delayedExecutor(this.closeTimeoutNanos, TimeUnit.NANOSECONDS, this.services.reaper())
					.execute(() -> this.connection.abort(CloseStatuses.forWire(Objects.requireNonNull(closeStatus()))));
			}
			return;
		}
		CloseStatus broken = this.intake.received(part);
		if (broken != null) {
			closeLater(broken);
		}
	}

	/**
	 * Record that the peer answered a ping.
	 */
	void ponged() {
		this.intake.ponged();
	}

	/**
	 * Hold the reply to the peer's close frame until the handler has answered every message it had already
	 * received and asks for the next, returns, or closes, or until the grace period has passed. Sends work until
	 * then.
	 */
	void peerClosing(Runnable replyAndClose) {
		Duration grace = this.route.settings().peerCloseGrace();
		if (grace.isZero() || isClosed()) {
			replyAndClose.run();
			return;
		}
		this.closeState.holdReply(replyAndClose);
		this.intake.close(this.closeState::releaseReply);
		CompletableFuture.delayedExecutor(grace.toNanos(), TimeUnit.NANOSECONDS, this.services.writers())
			.execute(this.closeState::releaseReply);
	}

	/**
	 * Record that the connection is closed, by whichever side, and wake the handler.
	 */
	void closed(CloseStatus status) {
		this.closeState.disconnected(status);
		this.intake.close();
		this.sender.stop();
	}

	/**
	 * Record that the handler has returned, or will never run.
	 */
	public void handlerEnded() {
		this.intake.discard();
		this.throttle.release();
		this.closeState.releaseReply();
		this.closeState.handlerEnded();
	}

	/**
	 * Run the action once the socket is finished: its connection closed and its handler returned.
	 * @param action the action
	 */
	public void whenFinished(Runnable action) {
		this.closeState.whenFinished(action);
	}

	/**
	 * Enforce the socket's limits: ping when due, and cut off a peer that stopped answering, a socket idle for too
	 * long, a write that takes too long, or a close handshake the peer does not finish (the close frame not written
	 * within the send time limit, or not answered within the close timeout). Never blocks: whatever must
	 * write or close runs on the starter's threads.
	 * @param nowNanos the time of the check, from {@link System#nanoTime()}
	 */
	public void check(long nowNanos) {
		if (this.closeState.isDisconnected()) {
			return;
		}
		if (this.sender.isStuck(nowNanos, this.sendTimeLimitNanos)) {
			this.sender.stuck();
			return;
		}
		if (isClosed()) {
			long closeSentFor = this.sender.closeSentFor(nowNanos);
			if ((closeSentFor >= 0) ? closeSentFor > this.closeTimeoutNanos
					: this.closeState.closingFor(nowNanos) > this.sendTimeLimitNanos) {
				abort(Objects.requireNonNull(closeStatus()));
			}
			return;
		}
		switch (this.liveness.check(nowNanos, this.intake.isListening())) {
			case UNRESPONSIVE -> abort(CloseStatus.SERVER_ERROR.withReason("Ping timeout"));
			case IDLE -> closeLater(CloseStatus.GOING_AWAY.withReason("Idle timeout"));
			case PING_DUE -> this.sender.ping();
			case ALIVE -> {
			}
		}
	}

	@Override
	@Nullable Message take(long timeoutNanos) {
		this.trace.messageDone();
		Message message = this.intake.take(timeoutNanos);
		if (message == null) {
			return null;
		}
		long size = PayloadSize.counted(message);
		if (this.throttle.admit(size, this::isClosed)) {
			this.trace.received(message);
			return message;
		}
		closeLater(RATE_LIMITED);
		this.intake.discard();
		return null;
	}

	@Override
	void send(WebSocketMessage<?> message) {
		this.sender.send(message);
		this.trace.sent();
	}

	/**
	 * Queue a message without waiting for any write, for fan-out.
	 * @param message the message
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	@Override
	public void post(WebSocketMessage<?> message) {
		this.sender.post(message);
	}

	@Override
	public void join(String room) {
		join(room, null);
	}

	@Override
	public Replay join(String room, @Nullable String since) {
		this.rooms.add(room);
		Replay replay = this.services.rooms().join(room, this, since);
		if (this.closeState.isFinished()) {
			// Finished meanwhile: the runtime has already taken it out of its rooms
			this.services.rooms().leave(room, this);
		}
		return replay;
	}

	@Override
	public void envelope(Envelope envelope) {
		this.envelope = envelope;
	}

	/**
	 * Return how messages that reach this socket through its rooms, its user or a broadcast appear on its wire.
	 * @return the envelope, or {@code null} to send them as they were sent
	 */
	public @Nullable Envelope envelope() {
		return this.envelope;
	}

	@Override
	public void leave(String room) {
		if (this.rooms.remove(room)) {
			this.services.rooms().leave(room, this);
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
		if (!this.closeState.releaseReply() && beginClose(status)) {
			this.sender.close(status);
		}
	}

	/**
	 * Close after what was sent, writing on another thread, as the runtime does on shutdown.
	 * @param status the status to close with
	 */
	public void closeLater(CloseStatus status) {
		if (!this.closeState.releaseReply() && beginClose(status)) {
			this.sender.closeLater(CloseStatuses.forWire(status));
		}
	}

	private boolean beginClose(CloseStatus status) {
		if (this.closeState.begin(status, System.nanoTime())) {
			this.intake.close();
			return true;
		}
		return false;
	}

	/**
	 * Cut the connection now, whether the socket is open or already closing: wake the handler, drop what is
	 * queued, and end the connection on the starter's threads. The first reason to close stays the socket's
	 * close status.
	 * @param status the status to close with, if the socket is still open
	 */
	public void abort(CloseStatus status) {
		beginClose(status);
		if (this.closeState.claimAbort()) {
			this.intake.close();
			this.sender.stop();
			CloseStatus wireStatus = CloseStatuses.forWire(status);
			this.services.reaper().execute(() -> this.connection.abort(wireStatus));
		}
	}

	@Override
	public boolean isClosed() {
		return this.closeState.isClosed();
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.closeState.status();
	}

}
