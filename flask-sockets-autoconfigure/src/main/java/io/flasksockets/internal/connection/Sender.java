package io.flasksockets.internal.connection;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.SocketClosedException;
import io.flasksockets.internal.telemetry.SocketMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A socket's send path over its {@link Outbox}: sends and posts, counting what is written, and turning failures
 * into the socket's end. A send limit exceeded aborts the socket with 4500 and any other failed write with 1006;
 * the sender then gets a {@link SocketClosedException}, as does every send once the socket is closed.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Sender {

	/**
	 * The status of a socket cut off at its send limits.
	 */
	static final CloseStatus SEND_LIMIT_EXCEEDED = CloseStatus.SESSION_NOT_RELIABLE;

	private final String socketId;

	private final Outbox outbox;

	private final CloseState closeState;

	private final Liveness liveness;

	private final SocketMetrics.RouteMetrics metrics;

	private final Consumer<CloseStatus> abort;

	private volatile long messages;

	/**
	 * Create a send path.
	 * @param abort cuts the socket's connection with the given status
	 */
	public Sender(String socketId, Connection connection, SocketSettings settings, Executor writers,
			NodeBuffers buffers, CloseState closeState, Liveness liveness, SocketMetrics.RouteMetrics metrics,
			Consumer<CloseStatus> abort) {
		this.socketId = socketId;
		this.closeState = closeState;
		this.liveness = liveness;
		this.metrics = metrics;
		this.abort = abort;
		this.outbox = new Outbox(connection, writers, settings.sendBufferLimit(), buffers.outbox(),
				settings.sendTimeLimit(), this::written, this::failed);
	}

	/**
	 * Write a message on the caller's thread, after what is queued.
	 * @throws SocketClosedException if the socket is closed, the write fails, or a send limit is exceeded
	 */
	public void send(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.send(message);
			this.liveness.messaged(System.nanoTime());
		}
		catch (IOException ex) {
			failed(ex);
			throw closed(ex);
		}
		catch (Outbox.SendLimitException ex) {
			failed(ex);
			throw closed(null);
		}
		catch (Outbox.ClosedException ex) {
			throw closed(null);
		}
	}

	/**
	 * Queue a message without waiting for any write.
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	public void post(WebSocketMessage<?> message) {
		requireOpen();
		try {
			this.outbox.post(message);
		}
		catch (Outbox.SendLimitException ex) {
			failed(ex);
			throw closed(ex);
		}
		catch (Outbox.ClosedException ex) {
			throw closed(null);
		}
	}

	/**
	 * Queue a ping, unless the socket is closing.
	 */
	public void ping() {
		try {
			this.outbox.post(new PingMessage());
		}
		catch (Outbox.SendLimitException ex) {
			failed(ex);
		}
		catch (Outbox.ClosedException ex) {
			// Closing already: nothing to keep alive
		}
	}

	/**
	 * Send the close frame after what is queued, writing on the caller's thread when it can.
	 */
	public void close(CloseStatus status) {
		this.outbox.close(status);
	}

	/**
	 * Send the close frame after what is queued, without writing on the caller's thread.
	 */
	public void closeLater(CloseStatus status) {
		this.outbox.closeLater(status);
	}

	/**
	 * Write nothing more.
	 */
	public void stop() {
		this.outbox.stop();
	}

	/**
	 * Whether a write has been in progress for longer than the send time limit.
	 */
	public boolean isStuck(long nowNanos, long sendTimeLimitNanos) {
		return this.outbox.writingFor(nowNanos) > sendTimeLimitNanos;
	}

	/**
	 * Return how long ago the close frame was written.
	 * @return the time in nanoseconds, or -1 if it has not been written
	 */
	public long closeSentFor(long nowNanos) {
		return this.outbox.closeSentFor(nowNanos);
	}

	/**
	 * Cut the socket off because a write has taken longer than the send time limit.
	 */
	public void stuck() {
		this.metrics.sendLimitExceeded();
		this.abort.accept(SEND_LIMIT_EXCEEDED.withReason("Send time limit exceeded"));
	}

	/**
	 * Return how many data messages were written.
	 */
	public long messages() {
		return this.messages;
	}

	/**
	 * Count a data message written to the peer.
	 * @param binaryBytes the payload's size if the message is binary
	 */
	private void written(WebSocketMessage<?> message, int binaryBytes) {
		this.messages++;
		if (this.metrics != SocketMetrics.RouteMetrics.NONE) {
			this.metrics.sent((message instanceof TextMessage text) ? PayloadSize.of(text) : binaryBytes);
		}
	}

	private void failed(Exception failure) {
		if (failure instanceof Outbox.SendLimitException) {
			this.metrics.sendLimitExceeded();
			this.abort.accept(SEND_LIMIT_EXCEEDED.withReason(failure.getMessage()));
		}
		else {
			this.abort.accept(CloseStatus.NO_CLOSE_FRAME.withReason("Write failed: " + failure));
		}
	}

	private void requireOpen() {
		if (this.closeState.isClosed()) {
			throw closed(null);
		}
	}

	/**
	 * Return the exception that tells a sender the socket is closed.
	 */
	SocketClosedException closed(@Nullable Throwable cause) {
		// No status yet when the outbox stopped on another thread (a failed write) that has not aborted the socket
		CloseStatus status = this.closeState.status();
		String state = (status != null)
				? "closed: " + status.getCode() + ((status.getReason() != null) ? " " + status.getReason() : "")
				: "closing";
		return new SocketClosedException(this.socketId, "Socket " + this.socketId + " is " + state, cause);
	}

}
