/**
 * One socket: the {@link io.flasksockets.Socket} a handler sees, its inbound path (message assembly and the
 * inbox), its send path (the outbox), its close state and its liveness, and the adapter that turns Spring's
 * callbacks into all of these.
 *
 * <p>Internal: not an API. The runtime creates and runs sockets; the container packages implement
 * {@link io.flasksockets.internal.socket.Connection}; the handshake package leaves each socket's
 * {@link io.flasksockets.internal.socket.HandshakeContext}. Depends on no other internal package but routing and
 * telemetry.
 */
@NullMarked
package io.flasksockets.internal.socket;

import org.jspecify.annotations.NullMarked;
