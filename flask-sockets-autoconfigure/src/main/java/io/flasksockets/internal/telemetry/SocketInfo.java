package io.flasksockets.internal.telemetry;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What an open socket is, for the actuator endpoint.
 *
 * @param id the socket's id
 * @param route the pattern of the route that serves it
 * @param principal the name of the principal its handshake authenticated, if any
 * @param remoteAddress the peer's address, if known
 * @param openedAt when its handshake finished
 * @param rooms the rooms it has joined
 * @param messagesIn how many messages it has received
 * @param messagesOut how many messages have been written to it
 * @param readingPaused whether the server has stopped reading from its peer because its handler is behind
 * @param rateLimited how many of its messages met a rate limit
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record SocketInfo(String id, String route, @Nullable String principal, @Nullable String remoteAddress,
		Instant openedAt, Set<String> rooms, long messagesIn, long messagesOut, boolean readingPaused,
		long rateLimited) {
}
