/**
 * The handshake of a socket route: the guard filter ahead of every other, connection slots, the copy of the
 * handshake's context, the negotiation of compression, and the handler mappings that route upgrades to sockets and
 * plain requests to Spring MVC.
 *
 * <p>Internal: not an API. The auto-configuration creates its mappings and filter through
 * {@link io.flasksockets.internal.handshake.SocketHandlerMappings}.
 */
@NullMarked
package io.flasksockets.internal.handshake;

import org.jspecify.annotations.NullMarked;
