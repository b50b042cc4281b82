package io.flasksockets;

import org.jspecify.annotations.Nullable;

/**
 * How what reaches a socket through its rooms, its user or a broadcast appears on its wire: each message with the
 * id that orders it in its room, and each change of who is in its rooms. Set one with
 * {@link Socket#envelope(Envelope)}; without one, messages go out as they were sent and presence changes not at all,
 * so plain-text routes work as they are.
 *
 * <pre class="code">
 * ws.envelope(new Envelope() {
 *     public Object message(String id, Message message) {
 *         return Map.of("id", id, "text", ((Message.Text) message).text());
 *     }
 *     public Object presence(PresenceChange change) {
 *         return Map.of("presence", change.kind(), "member", Objects.toString(change.member(), ""), "count", change.count());
 *     }
 * });
 * </pre>
 *
 * <p>An envelope is called on the thread that delivers, once for each message for all the sockets that share it, so
 * it must be quick and must not block; what it returns is written as {@link Socket#send(Object)} writes it.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface Envelope {

	/**
	 * Return what to send for a message.
	 * @param id the message's id, the same on every node; a later message of a room has a greater id
	 * @param message the message as it was sent
	 * @return what to send: text, bytes, a {@link Message}, or a value to write as JSON
	 */
	Object message(String id, Message message);

	/**
	 * Return what to send for a change of who is in one of the socket's rooms.
	 * @param change the change
	 * @return what to send, or {@code null} to send nothing (the default)
	 */
	default @Nullable Object presence(PresenceChange change) {
		return null;
	}

}
