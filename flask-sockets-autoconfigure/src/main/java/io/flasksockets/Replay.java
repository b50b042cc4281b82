package io.flasksockets;

/**
 * What {@link Socket#join(String, String)} sent again of what the room had been sent since the id the peer last saw.
 *
 * @param replayed how many messages were sent again
 * @param complete whether they were all the room had been sent since: {@code false} when some had left the room's
 * window, or the id is one this node cannot place (another epoch, a node's history that began later), so that
 * the peer should be told it missed messages
 * @param lastId the id of the room's last message when the socket joined (or of the peer's, if it had seen a later
 * one): what a peer that is sent no message before it joins again passes as the id it last saw, so that it misses
 * nothing in between
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Replay(int replayed, boolean complete, String lastId) {

}
