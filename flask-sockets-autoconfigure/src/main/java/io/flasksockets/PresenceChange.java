package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * A socket joined or left a room, on any node.
 *
 * @param room the room
 * @param kind whether it joined or left
 * @param member the name of the user whose socket it is, or {@code null} for a socket without a principal
 * @param count how many sockets the room has now, on every node
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record PresenceChange(String room, Kind kind, @Nullable String member, long count) {

	/**
	 * What happened.
	 */
	public enum Kind {

		/** A socket joined the room. */
		JOINED,

		/** A socket left the room, or closed. */
		LEFT

	}

}
