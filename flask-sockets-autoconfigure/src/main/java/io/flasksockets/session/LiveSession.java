package io.flasksockets.session;

import io.flasksockets.HttpSessionView;

/**
 * The server's side of a socket's {@link HttpSessionView}: it keeps the session alive while the socket has
 * traffic and tells when the session has ended.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface LiveSession extends HttpSessionView {

	/**
	 * Record traffic on the socket. Cheap: the session's last-access time is updated at most once per a quarter
	 * of the session timeout (between 1 second and 1 minute), on another thread.
	 */
	void touch();

	/**
	 * Whether the session has been invalidated or has expired. Checking does not keep it alive. A socket whose
	 * handshake carried no session has no session to end.
	 * @return whether the session has ended
	 */
	boolean hasEnded();

	/**
	 * Whether a session that {@linkplain #hasEnded() has ended} ended by expiring, as far as this view can tell:
	 * the time of its last use is a whole timeout ago. A session that ended before its time was invalidated or
	 * replaced, or its store lost it.
	 * @return whether the session expired
	 */
	default boolean hasExpired() {
		return false;
	}

}
