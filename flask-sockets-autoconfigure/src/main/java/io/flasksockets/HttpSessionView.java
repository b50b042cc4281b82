package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * A live view of the HTTP session a socket's handshake carried: reads see changes made later by HTTP requests,
 * and writes are seen by the next HTTP request with the same session cookie.
 *
 * <p>A socket cannot create a session: a handshake without one gets a view that {@linkplain #exists() does not
 * exist}, whose reads return {@code null} and whose writes throw {@link IllegalStateException}. Create the
 * session over HTTP (a login request, say) before opening the socket.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface HttpSessionView {

	/**
	 * Whether the handshake carried a session and it is still valid.
	 * @return whether the session exists
	 */
	boolean exists();

	/**
	 * Return the session's id.
	 * @return the id, or {@code null} if the handshake carried no session
	 */
	@Nullable String id();

	/**
	 * Return the current value of a session attribute.
	 * @param name the attribute's name
	 * @return the value, or {@code null} if absent or if the session does not exist
	 */
	@Nullable Object getAttribute(String name);

	/**
	 * Set a session attribute.
	 * @param name the attribute's name
	 * @param value the value
	 * @throws IllegalStateException if the session does not exist
	 */
	void setAttribute(String name, Object value);

	/**
	 * Remove a session attribute.
	 * @param name the attribute's name
	 * @throws IllegalStateException if the session does not exist
	 */
	void removeAttribute(String name);

}
