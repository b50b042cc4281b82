package io.flasksockets.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Opens the {@link LiveSession} of a handshake: over the servlet container's sessions, or over a Spring Session
 * repository ({@link SpringSessionLiveSessions}) when the application has one, so that the same code works with a
 * shared store.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@FunctionalInterface
public interface LiveSessions {

	/**
	 * The attribute a servlet container's session carries while the starter invalidates it because it has expired,
	 * so that session listeners can tell an expiry from a logout.
	 */
	String EXPIRED_ATTRIBUTE = LiveSessions.class.getName() + ".expired";

	/**
	 * Return the live session of a handshake request, never creating one.
	 * @param request the handshake request
	 * @return the live session, which does not {@linkplain LiveSession#exists() exist} if the request carried
	 * none
	 */
	LiveSession of(HttpServletRequest request);

	/**
	 * Live sessions over the servlet container's sessions, reached through {@link HttpSession.Accessor}.
	 * @return the live sessions
	 */
	static LiveSessions servlet() {
		return (request) -> new ServletLiveSession(request.getSession(false));
	}

}
