package io.flasksockets.runtime;

import java.util.List;
import java.util.Map;

import io.flasksockets.HttpSessionView;

/**
 * What a socket keeps of its HTTP handshake beyond what Spring's session already holds (URI, headers,
 * principal).
 *
 * @param pathVariables the route's path variables as the route sees them
 * @param queryParams the decoded query parameters
 * @param cookies the cookies by name
 * @param session the live view of the HTTP session
 */
record HandshakeContext(Map<String, String> pathVariables, Map<String, List<String>> queryParams,
		Map<String, String> cookies, HttpSessionView session) {

	static final String ATTRIBUTE = HandshakeContext.class.getName();

}
