package io.flasksockets.benchmarks;

import java.util.Optional;

import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.flasksockets.Replay;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;

import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A room whose members come back with the id of the last message they saw, as {@link Recovery} drives it:
 * {@code /replay/<room>?since=<id>} replays what the room was sent after that id, then tells
 * {@code replayed <n> <complete> <lastId>}; every room message then comes as {@code <id> <text>} and every join or
 * leave as {@code presence <JOINED|LEFT> <count>}. Each text a member sends goes to the whole room.
 */
@Component
final class Replaying {

	private static final Envelope ENVELOPE = new Envelope() {

		@Override
		public Object message(String id, Message message) {
			return id + " " + ((message instanceof Message.Text text) ? text.text() : "");
		}

		@Override
		public Object presence(PresenceChange change) {
			return "presence " + change.kind() + " " + change.count();
		}

	};

	private final Sockets sockets;

	Replaying(Sockets sockets) {
		this.sockets = sockets;
	}

	@SocketRoute("/replay/<room>")
	void member(Socket ws, String room, @RequestParam Optional<String> since) {
		ws.envelope(ENVELOPE);
		Replay replay = ws.join(room, since.filter((id) -> !id.isEmpty()).orElse(null));
		ws.send("replayed " + replay.replayed() + " " + replay.complete() + " " + replay.lastId());
		for (String text : ws.messages()) {
			this.sockets.room(room).send(text);
		}
	}

}
