package io.flasksockets.internal.connection;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A socket's one close state. The first reason to close, from either side or from a failure, is the socket's
 * status for good. The connection's end and the handler's end are each reported once, and the socket is finished
 * when both have happened, whichever comes last. A reply to the peer's close frame may be held back meanwhile, for
 * the handler to answer what it had already received.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class CloseState {

	private final AtomicReference<@Nullable CloseStatus> status = new AtomicReference<>();

	private final AtomicBoolean aborted = new AtomicBoolean();

	private final AtomicBoolean deaf = new AtomicBoolean();

	private final AtomicInteger unfinished = new AtomicInteger(2);

	private final AtomicReference<@Nullable Runnable> heldReply = new AtomicReference<>();

	private volatile boolean disconnected;

	private volatile long closingSinceNanos;

	private volatile Runnable whenFinished = () -> {
	};

	/**
	 * Begin closing with the given status, unless closing began before.
	 * @return whether this call began it
	 */
	public boolean begin(CloseStatus status, long nowNanos) {
		if (this.status.compareAndSet(null, status)) {
			this.closingSinceNanos = nowNanos;
			return true;
		}
		return false;
	}

	/**
	 * Return the status the socket closed with.
	 * @return the status, or {@code null} while it is open
	 */
	public @Nullable CloseStatus status() {
		return this.status.get();
	}

	/**
	 * Whether closing has begun, or the connection has ended.
	 */
	public boolean isClosed() {
		return this.status.get() != null;
	}

	/**
	 * Return how long ago closing began.
	 */
	public long closingFor(long nowNanos) {
		return nowNanos - this.closingSinceNanos;
	}

	/**
	 * Whether the connection has ended.
	 */
	public boolean isDisconnected() {
		return this.disconnected;
	}

	/**
	 * Claim the one abort of a connection that has not ended yet.
	 * @return whether the caller is to abort
	 */
	public boolean claimAbort() {
		return !this.disconnected && this.aborted.compareAndSet(false, true);
	}

	/**
	 * Claim the one decision to stop listening to a peer that goes on sending once closing has begun.
	 * @return whether the caller is to stop reading
	 */
	public boolean claimDeafness() {
		return this.deaf.compareAndSet(false, true);
	}

	/**
	 * Record that the connection has ended, by whichever side; a status of the connection's own counts only when
	 * closing had not begun.
	 */
	public void disconnected(CloseStatus status) {
		this.disconnected = true;
		this.status.compareAndSet(null, status);
		this.heldReply.set(null);
		finishPart();
	}

	/**
	 * Record that the handler has returned, or will never run.
	 */
	public void handlerEnded() {
		finishPart();
	}

	/**
	 * Whether the socket is finished: its connection ended and its handler returned.
	 */
	public boolean isFinished() {
		return this.unfinished.get() == 0;
	}

	/**
	 * Run the action once the socket is finished.
	 */
	public void whenFinished(Runnable action) {
		this.whenFinished = action;
	}

	/**
	 * Hold back the reply to the peer's close frame until {@link #releaseReply()}.
	 */
	public void holdReply(Runnable reply) {
		this.heldReply.set(reply);
	}

	/**
	 * Send the reply held back, if any.
	 * @return whether one was held
	 */
	public boolean releaseReply() {
		Runnable reply = this.heldReply.getAndSet(null);
		if (reply != null) {
			reply.run();
			return true;
		}
		return false;
	}

	private void finishPart() {
		if (this.unfinished.decrementAndGet() == 0) {
			this.whenFinished.run();
		}
	}

}
