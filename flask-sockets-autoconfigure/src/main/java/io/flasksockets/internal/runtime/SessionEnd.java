package io.flasksockets.internal.runtime;

import org.springframework.web.socket.CloseStatus;

/**
 * How an HTTP session ended, and the 1008 its sockets close with: a logout is not an expiry, and neither is a
 * session that vanished before its time.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public enum SessionEnd {

	/** Invalidated, as at a logout. */
	INVALIDATED("HTTP session invalidated"),

	/** Expired: unused for its whole timeout. */
	EXPIRED("HTTP session expired"),

	/**
	 * Gone before its time without word of an invalidation: replaced by a new id (as at a login), deleted on another
	 * node by a store that sends no events, or lost by its store (a Redis restart without persistence).
	 */
	GONE("HTTP session gone");

	private final CloseStatus status;

	SessionEnd(String reason) {
		this.status = CloseStatus.POLICY_VIOLATION.withReason(reason);
	}

	/**
	 * Return the status sockets of such a session close with.
	 * @return the status, 1008 with a reason of its own
	 */
	public CloseStatus status() {
		return this.status;
	}

}
