/**
 * The traffic of one connection, below the {@link io.flasksockets.Socket} a handler sees: the container's side of
 * it ({@link io.flasksockets.internal.connection.Connection}, which each container package implements); the
 * inbound path, where parts are assembled into messages within the size limits and wait in an inbox that pauses
 * reading when full ({@link io.flasksockets.internal.connection.Intake}); the send path, where messages wait in an
 * outbox bounded per socket and per node ({@link io.flasksockets.internal.connection.Sender}); whether the peer is
 * alive ({@link io.flasksockets.internal.connection.Liveness}); and whether and why the socket is closed
 * ({@link io.flasksockets.internal.connection.CloseState}).
 *
 * <p>Internal: not an API. Depends on no other internal package but routing and telemetry.
 */
@NullMarked
package io.flasksockets.internal.connection;

import org.jspecify.annotations.NullMarked;
