package io.flasksockets.internal.connection;

import java.time.Duration;

import io.flasksockets.internal.routing.SocketSettings;
import org.jspecify.annotations.Nullable;

/**
 * Whether a peer is alive, from what it was heard to do and when: a pure decision over timestamps in nanoseconds,
 * so that it can be driven by any clock. A peer is pinged every ping interval, cut off when it has not been heard
 * for a ping interval plus the pong timeout, and closed as idle when no data message went either way for the idle
 * timeout. Time while the server was not listening (reading paused because the handler is behind) does not count
 * against the peer.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Liveness {

	private final long pingIntervalNanos;

	private final long pongDeadlineNanos;

	private final long idleTimeoutNanos;

	private volatile long lastHeardNanos;

	private volatile long lastMessageNanos;

	private volatile long lastPingNanos;

	/**
	 * Start following a peer that was just heard from.
	 * @param settings the route's ping interval, pong timeout and idle timeout
	 * @param nowNanos the time, from {@link System#nanoTime()}
	 */
	public Liveness(SocketSettings settings, long nowNanos) {
		Duration pingInterval = settings.pingInterval();
		this.pingIntervalNanos = nanos(pingInterval);
		this.pongDeadlineNanos = (pingInterval != null) ? nanos(pingInterval.plus(settings.pongTimeout()))
				: Long.MAX_VALUE;
		this.idleTimeoutNanos = nanos(settings.idleTimeout());
		this.lastHeardNanos = nowNanos;
		this.lastMessageNanos = nowNanos;
		this.lastPingNanos = nowNanos;
	}

	/**
	 * Return a limit in nanoseconds: {@link Long#MAX_VALUE} for none, or for one too long to count in nanoseconds.
	 */
	public static long nanos(@Nullable Duration limit) {
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
	 * Record that the peer was heard: any frame, a pong included.
	 */
	void heard(long nowNanos) {
		this.lastHeardNanos = nowNanos;
	}

	/**
	 * Record a data message, received or sent.
	 */
	void messaged(long nowNanos) {
		this.lastMessageNanos = nowNanos;
	}

	/**
	 * Decide what the peer's liveness calls for now; a ping found due counts as sent.
	 * @param listening whether the server is reading from the peer; while it is not, the peer is neither pinged
	 * out nor idle
	 */
	public Verdict check(long nowNanos, boolean listening) {
		if (!listening) {
			this.lastHeardNanos = nowNanos;
			this.lastMessageNanos = nowNanos;
			return Verdict.ALIVE;
		}
		if (nowNanos - this.lastHeardNanos > this.pongDeadlineNanos) {
			return Verdict.UNRESPONSIVE;
		}
		if (nowNanos - this.lastMessageNanos > this.idleTimeoutNanos) {
			return Verdict.IDLE;
		}
		if (nowNanos - this.lastPingNanos >= this.pingIntervalNanos) {
			this.lastPingNanos = nowNanos;
			return Verdict.PING_DUE;
		}
		return Verdict.ALIVE;
	}

	/**
	 * What a peer's liveness calls for.
	 */
	public enum Verdict {

		/** Nothing to do. */
		ALIVE,

		/** Ping the peer. */
		PING_DUE,

		/** Close: no data message went either way for the idle timeout. */
		IDLE,

		/** Cut the connection: the peer has not answered a ping in time. */
		UNRESPONSIVE

	}

}
