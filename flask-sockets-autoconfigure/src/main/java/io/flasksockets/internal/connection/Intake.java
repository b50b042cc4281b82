package io.flasksockets.internal.connection;

import java.util.concurrent.TimeUnit;

import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.Message;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.flasksockets.session.LiveSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A socket's inbound path: parts from the container are assembled into messages within the size limits, counted,
 * and queued in the {@link Inbox} for the handler; every part and pong tells {@link Liveness} that the peer was
 * heard, and every message keeps the HTTP session alive. Parts arrive on the container's thread one at a time;
 * the handler takes messages on its own.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Intake {

	private final Connection connection;

	private final MessageAssembler assembler;

	private final Inbox inbox;

	private final Liveness liveness;

	private final SocketMetrics.RouteMetrics metrics;

	private final LiveSession session;

	private volatile long messages;

	/**
	 * Create the inbound path of a socket.
	 * @param settings the route's limits
	 * @param connection the container's side of the connection, paused and resumed as the inbox fills and drains
	 * @param buffers the node's budgets
	 * @param liveness told whenever the peer is heard
	 * @param metrics the route's meters
	 * @param session the HTTP session that each message keeps alive
	 */
	public Intake(SocketSettings settings, Connection connection, NodeBuffers buffers, Liveness liveness,
			SocketMetrics.RouteMetrics metrics, LiveSession session) {
		this.connection = connection;
		this.assembler = new MessageAssembler(settings.maxTextMessageSize(), settings.maxBinaryMessageSize(),
				settings.messagePartsLimit());
		this.inbox = new Inbox(settings.inboundQueueCapacity(), settings.inboundBufferLimit(), connection,
				buffers.inbox());
		this.liveness = liveness;
		this.metrics = metrics;
		this.session = session;
	}

	/**
	 * Take a part of a message and queue the message once whole; never waits, though the container may let a
	 * handler it has just woken run first.
	 * @return the status to close with if the part broke a limit, or {@code null}
	 */
	public @Nullable CloseStatus received(WebSocketMessage<?> part) {
		long now = System.nanoTime();
		this.liveness.heard(now);
		this.connection.partReceived(part);
		try {
			Message message = this.assembler.add(part);
			if (message != null) {
				this.messages++;
				if (this.metrics != SocketMetrics.RouteMetrics.NONE) {
					this.metrics.received(PayloadSize.of(message));
				}
				this.liveness.messaged(now);
				this.session.touch();
				if (this.inbox.put(message)) {
					this.connection.handedOff();
				}
			}
			return null;
		}
		catch (MessageAssembler.TooBigException ex) {
			return CloseStatus.TOO_BIG_TO_PROCESS.withReason(ex.getMessage());
		}
	}

	/**
	 * Record that the peer answered a ping.
	 */
	public void ponged() {
		this.liveness.heard(System.nanoTime());
	}

	/**
	 * Take the next message, waiting at most the given time, or forever if it is negative; an interrupt ends the
	 * wait, and stays set.
	 * @return the message, or {@code null} if the time elapsed, the thread was interrupted, or the socket is closed
	 */
	public @Nullable Message take(long timeoutNanos) {
		try {
			return this.inbox.take(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Whether the server reads from the peer: not while the handler is behind.
	 */
	public boolean isListening() {
		return !this.inbox.isPaused();
	}

	/**
	 * Take no more messages, and wake the handler; what is queued is still taken.
	 */
	public void close() {
		this.inbox.close();
	}

	/**
	 * Take no more messages, wake the handler, and run the action once it has taken what is queued and asks for
	 * more.
	 */
	public void close(Runnable whenTaken) {
		this.inbox.close(whenTaken);
	}

	/**
	 * Drop what is still queued, once the handler has returned: it gives its bytes back to the node's budget.
	 */
	public void discard() {
		this.inbox.discard();
	}

	/**
	 * Return how many whole messages arrived.
	 */
	public long messages() {
		return this.messages;
	}

}
