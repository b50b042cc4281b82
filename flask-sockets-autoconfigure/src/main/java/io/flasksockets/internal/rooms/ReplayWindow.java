package io.flasksockets.internal.rooms;

/**
 * How many recent messages a node keeps for sockets that join a room again with the id of the last message their
 * peer saw.
 *
 * @param perRoom how many each room keeps
 * @param perNode how many all rooms keep together; the rooms least recently sent to let theirs go first
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record ReplayWindow(int perRoom, int perNode) {

}
