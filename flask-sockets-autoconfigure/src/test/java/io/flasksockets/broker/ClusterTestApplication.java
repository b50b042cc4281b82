package io.flasksockets.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.flasksockets.RateLimit;
import io.flasksockets.Replay;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;
import io.flasksockets.UserFromQueryFilter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One node of a cluster: a room route, a route that only listens, and a stand-in for authentication that takes the
 * user from the {@code user} query parameter; its finished spans are kept in memory.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ClusterTestApplication {

	@Bean
	Routes routes(Sockets sockets) {
		return new Routes(sockets);
	}

	/**
	 * Keeps the node's finished spans.
	 */
	@Bean
	InMemorySpanExporter spans() {
		return InMemorySpanExporter.create();
	}

	/**
	 * Authenticates {@code ?user=<name>} as that user.
	 */
	@Bean
	UserFromQueryFilter userFromQuery() {
		return new UserFromQueryFilter();
	}

	static class Routes {

		private final Sockets sockets;

		private final Map<String, List<Socket>> members = new ConcurrentHashMap<>();

		private final Map<String, List<Long>> received = new ConcurrentHashMap<>();

		/**
		 * Return the socket that joined a room in the given place, counting from 0.
		 */
		Socket socket(String room, int place) {
			return this.members.get(room).get(place);
		}

		Routes(Sockets sockets) {
			this.sockets = sockets;
		}

		/**
		 * Joins the room, says {@code joined}, then sends each message to the whole room; one the broker cannot
		 * take is answered to the sender alone with {@code not delivered: <text>}.
		 */
		@SocketRoute("/chat/<room>")
		void chat(Socket ws, String room) {
			ws.join(room);
			this.members.computeIfAbsent(room, (key) -> new CopyOnWriteArrayList<>()).add(ws);
			ws.send("joined");
			for (String text : ws.messages()) {
				try {
					this.sockets.room(room).send(text);
				}
				catch (SocketBrokerException ex) {
					ws.send("not delivered: " + text);
				}
			}
		}

		/**
		 * Sends each room message as {@code <id>|<text>} and each presence change as
		 * {@code presence <kind> <member> <count>}, joins the room again since the {@code since} query parameter,
		 * says {@code replayed <n> <complete>}, then sends each message it is told to the whole room.
		 */
		@SocketRoute("/replay/<room>")
		void replay(Socket ws, String room) {
			ws.envelope(new Envelope() {

				@Override
				public Object message(String id, Message message) {
					return id + "|" + ((Message.Text) message).text();
				}

				@Override
				public Object presence(PresenceChange change) {
					return "presence " + change.kind() + " " + change.member() + " " + change.count();
				}

			});
			Replay replay = ws.join(room, ws.queryParam("since"));
			ws.send("replayed " + replay.replayed() + " " + replay.complete());
			for (String text : ws.messages()) {
				this.sockets.room(room).send(text);
			}
		}

		/**
		 * Lets each user send 50 messages per second with a burst of 10 through all of their sockets on every node,
		 * and notes when it received each, by the {@code name} query parameter.
		 */
		@SocketRoute("/limited")
		@RateLimit(userMessagesPerSecond = 50, userMessageBurst = 10)
		void limited(Socket ws) {
			List<Long> times = this.received.computeIfAbsent(ws.queryParam("name"),
					(name) -> new CopyOnWriteArrayList<>());
			while (ws.receive() != null) {
				times.add(System.nanoTime());
			}
		}

		/**
		 * Return when the handler of the socket of that name received each of its messages, in nanoseconds.
		 */
		List<Long> received(String name) {
			return this.received.getOrDefault(name, List.of());
		}

		/**
		 * Says {@code listening}, then only listens.
		 */
		@SocketRoute("/listen")
		void listen(Socket ws) {
			ws.send("listening");
			while (ws.receive() != null) {
				// messages come from elsewhere
			}
		}

	}

}
