/**
 * Rooms, users and every socket of this node: which local sockets each has, the groups the application sends to,
 * and the local delivery of what the broker carries.
 *
 * <p>Internal: not an API. Owned by the runtime, which creates one {@link io.flasksockets.internal.rooms.Rooms}
 * per node; sockets enter and leave it through {@link io.flasksockets.internal.socket.SocketServices.Rooms}.
 */
@NullMarked
package io.flasksockets.internal.rooms;

import org.jspecify.annotations.NullMarked;
