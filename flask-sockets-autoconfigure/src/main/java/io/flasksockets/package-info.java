/**
 * Blocking-style WebSocket routes: {@link io.flasksockets.SocketRoute}, {@link io.flasksockets.Socket} and friends.
 */
@NullMarked
package io.flasksockets;

import org.jspecify.annotations.NullMarked;
