package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Map;

import java.util.function.UnaryOperator;

import io.flasksockets.session.LiveSession;

/**
 * What a socket keeps of its HTTP handshake beyond what Spring's session already holds (URI, headers,
 * principal).
 *
 * @param pathVariables the route's path variables as the route sees them
 * @param queryParams the decoded query parameters
 * @param cookies the cookies by name
 * @param session the live view of the HTTP session
 * @param threadContext what the handler's thread carries over from the handshake's thread, such as the
 * security context
 */
record HandshakeContext(Map<String, String> pathVariables, Map<String, List<String>> queryParams,
		Map<String, String> cookies, LiveSession session, UnaryOperator<Runnable> threadContext) {

	static final String ATTRIBUTE = HandshakeContext.class.getName();

}
