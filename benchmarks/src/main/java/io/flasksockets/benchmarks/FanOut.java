package io.flasksockets.benchmarks;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flasksockets.Socket;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * One publisher to a room, two ways. The baseline, {@code /fanout/raw}, keeps its sessions in a set and
 * {@code POST /publish/raw} loops over them with {@link WebSocketSession#sendMessage}, as a Spring user would write
 * it by hand. The starter's, {@code /fanout/route}, joins its sockets to a room and {@code POST /publish/route}
 * sends to the room. Each message is its sequence number, padded to the requested size.
 */
@RestController
final class FanOut {

	static final String RAW_PATH = "/fanout/raw";

	static final String ROUTE_PATH = "/fanout/route";

	private static final String ROOM = "fan-out";

	private final Set<WebSocketSession> rawSessions = ConcurrentHashMap.newKeySet();

	private final Sockets sockets;

	FanOut(Sockets sockets) {
		this.sockets = sockets;
	}

	TextWebSocketHandler rawMembers() {
		return new TextWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) {
				FanOut.this.rawSessions.add(session);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				FanOut.this.rawSessions.remove(session);
			}

		};
	}

	@PostMapping("/publish/raw")
	void publishRaw(@RequestParam int from, @RequestParam int count, @RequestParam int size) throws IOException {
		for (int seq = from; seq < from + count; seq++) {
			TextMessage message = new TextMessage(payload(seq, size));
			for (WebSocketSession session : this.rawSessions) {
				session.sendMessage(message);
			}
		}
	}

	@PostMapping("/publish/route")
	void publishRoute(@RequestParam int from, @RequestParam int count, @RequestParam int size) {
		for (int seq = from; seq < from + count; seq++) {
			this.sockets.room(ROOM).send(payload(seq, size));
		}
	}

	private static String payload(int seq, int size) {
		String number = seq + " ";
		return number + "x".repeat(Math.max(0, size - number.length()));
	}

	/**
	 * A room member that only listens.
	 */
	@SocketRoute(ROUTE_PATH)
	static final class Member implements SocketHandler {

		@Override
		public void handle(Socket ws) {
			ws.join(ROOM);
			while (ws.receive() != null) {
				// members only listen; a message from one is ignored
			}
		}

	}

}
