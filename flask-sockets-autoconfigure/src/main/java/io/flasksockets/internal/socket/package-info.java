/**
 * One socket: the {@link io.flasksockets.Socket} a handler sees, over the traffic of its connection, and the
 * adapter that turns Spring's callbacks into it; what the handshake left for it; the conversions of its path
 * variables and JSON messages; and what the sockets of a node share.
 *
 * <p>Internal: not an API. The runtime creates and runs sockets; the handshake package leaves each socket's
 * {@link io.flasksockets.internal.socket.HandshakeContext}. Depends on no other internal package but connection,
 * routing and telemetry.
 */
@NullMarked
package io.flasksockets.internal.socket;

import org.jspecify.annotations.NullMarked;
