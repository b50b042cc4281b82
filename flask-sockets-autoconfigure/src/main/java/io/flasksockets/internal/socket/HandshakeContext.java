package io.flasksockets.internal.socket;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.flasksockets.session.LiveSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * What a socket keeps of its HTTP handshake beyond what Spring's session already holds (URI, headers,
 * principal), left in the handshake's attributes under {@link #ATTRIBUTE}.
 *
 * @param pathVariables the route's path variables as the route sees them
 * @param queryParams the decoded query parameters
 * @param cookies the cookies by name
 * @param session the live view of the HTTP session
 * @param threadContext what the handler's thread carries over from the handshake's thread, such as the
 * security context
 * @param releaseSlots gives back the connection slots the handshake took, once the socket has finished
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record HandshakeContext(Map<String, String> pathVariables, Map<String, List<String>> queryParams,
		Map<String, String> cookies, LiveSession session, UnaryOperator<Runnable> threadContext,
		Runnable releaseSlots) {

	/**
	 * The attribute under which the handshake leaves its context.
	 */
	public static final String ATTRIBUTE = HandshakeContext.class.getName();

	/**
	 * Return the context a session's handshake left.
	 * @param session the session
	 * @return the context
	 * @throws IllegalStateException if the handshake left none
	 */
	public static HandshakeContext of(WebSocketSession session) {
		if (session.getAttributes().get(ATTRIBUTE) instanceof HandshakeContext context) {
			return context;
		}
		throw new IllegalStateException("The handshake of session " + session.getId() + " left no context");
	}

	/**
	 * Return a path variable.
	 * @throws IllegalArgumentException if the route has no such variable
	 */
	String pathVariable(String name) {
		String value = this.pathVariables.get(name);
		if (value == null) {
			throw new IllegalArgumentException(
					"No path variable '" + name + "'; the route has " + this.pathVariables.keySet());
		}
		return value;
	}

	/**
	 * Return the first value of a query parameter, or {@code null} if absent.
	 */
	@Nullable String queryParam(String name) {
		List<String> values = this.queryParams.get(name);
		return (values != null && !values.isEmpty()) ? values.getFirst() : null;
	}

}
