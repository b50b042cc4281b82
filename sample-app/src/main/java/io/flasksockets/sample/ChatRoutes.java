package io.flasksockets.sample;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.flasksockets.Replay;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;
import io.flasksockets.broker.SocketBrokerException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A chat: each room's members get every message sent in the room, on every node of the cluster.
 */
@RestController
class ChatRoutes {

	private final Sockets sockets;

	/**
	 * One envelope for every socket, so that each message and presence change is written once for all of them.
	 */
	private final Envelope envelope;

	ChatRoutes(Sockets sockets) {
		this.sockets = sockets;
		this.envelope = new RoomEnvelope(sockets);
	}

	/**
	 * Joins the room and sends each text message to every member, the sender included, as
	 * {@code <name>: <text>}, where the name is the logged-in user's, else the session's {@code user}, else
	 * {@code anonymous}. A message the broker cannot take is answered to its sender alone, as
	 * {@code not delivered: <text>}, and the socket stays open.
	 *
	 * <p>With a {@code since} query parameter (the id of the last message the page saw, or empty), the socket
	 * speaks JSON instead: it is first sent again what the room was sent after that id, then
	 * {@code {"replay": {"replayed": n, "complete": true|false, "lastId": ...}}} (the id to come back with if no
	 * message comes before the page reconnects), and every room message comes as
	 * {@code {"id": ..., "text": "<name>: <text>"}} and every join or leave of the room as
	 * {@code {"presence": "JOINED"|"LEFT", "member": ..., "count": n, "members": [...]}}.
	 */
	@SocketRoute("/chat/<room>")
	void chat(Socket ws, String room, @RequestParam Optional<String> since) {
		String name = ws.principal()
			.map(Principal::getName)
			.orElseGet(() -> Objects.toString(ws.session().getAttribute("user"), "anonymous"));
		if (since.isEmpty()) {
			ws.join(room);
		}
		else {
			ws.envelope(this.envelope);
			Replay replay = ws.join(room, since.get().isEmpty() ? null : since.get());
			ws.send(Map.of("replay", replay));
		}
		for (String text : ws.messages()) {
			try {
				this.sockets.room(room).send(name + ": " + text);
			}
			catch (SocketBrokerException ex) {
				// The broker could not take it (Redis unreachable for too long): tell the sender alone
				ws.send("not delivered: " + text);
			}
		}
	}

	/**
	 * Tells how many sockets are in a room, on every node, and whose they are.
	 */
	@GetMapping("/rooms/{room}")
	Map<String, Object> room(@PathVariable String room) {
		return Map.of("room", room, "members", this.sockets.room(room).count(), "names",
				this.sockets.room(room).members());
	}

	/**
	 * Room messages with their ids, and joins and leaves with the room's count and members, as JSON.
	 */
	private record RoomEnvelope(Sockets sockets) implements Envelope {

		@Override
		public Object message(String id, Message message) {
			return Map.of("id", id, "text", (message instanceof Message.Text text) ? text.text() : "");
		}

		@Override
		public Object presence(PresenceChange change) {
			return Map.of("presence", change.kind(), "member", Objects.toString(change.member(), ""), "count",
					change.count(), "members", this.sockets.room(change.room()).members());
		}

	}

}
