/**
 * The runtime that ties the sockets of a node together: the registry of open sockets, the runner of their handlers,
 * the monitor of their limits, the watch over their HTTP sessions, the container they run on, and the lifecycle.
 *
 * <p>Internal: not an API. Its public types are public for the auto-configuration and the handshake package only
 * and may change in any release.
 */
@NullMarked
package io.flasksockets.internal.runtime;

import org.jspecify.annotations.NullMarked;
