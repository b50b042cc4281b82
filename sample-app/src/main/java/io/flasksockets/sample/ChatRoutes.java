package io.flasksockets.sample;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;
import io.flasksockets.broker.SocketBrokerException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A chat: each room's members get every message sent in the room, on every node of the cluster.
 */
@RestController
class ChatRoutes {

	private final Sockets sockets;

	ChatRoutes(Sockets sockets) {
		this.sockets = sockets;
	}

	/**
	 * Joins the room and sends each text message to every member, the sender included, as
	 * {@code <name>: <text>}, where the name is the logged-in user's, else the session's {@code user}, else
	 * {@code anonymous}. A message the broker cannot take is answered to its sender alone, as
	 * {@code not delivered: <text>}, and the socket stays open.
	 */
	@SocketRoute("/chat/<room>")
	void chat(Socket ws, String room) {
		String name = ws.principal()
			.map(Principal::getName)
			.orElseGet(() -> Objects.toString(ws.session().getAttribute("user"), "anonymous"));
		ws.join(room);
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
	 * Tells how many sockets are in a room, on every node.
	 */
	@GetMapping("/rooms/{room}")
	Map<String, Object> room(@PathVariable String room) {
		return Map.of("room", room, "members", this.sockets.room(room).count());
	}

}
