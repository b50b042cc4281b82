package io.flasksockets.internal.runtime;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedEvent;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.CloseStatus;

/**
 * Routes for misbehaving peers, limits and the socket lifecycle.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class RobustnessTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	@Bean
	EventLog eventLog() {
		return new EventLog();
	}

	@Bean
	SocketErrorHandler badInputErrorHandler() {
		return (socket, route, error) -> (error instanceof IllegalArgumentException)
				? new CloseStatus(4400, "Bad input: " + error.getMessage()) : CloseStatus.SERVER_ERROR;
	}

	static class EventLog {

		final List<SocketOpenedEvent> opened = new CopyOnWriteArrayList<>();

		final List<SocketClosedEvent> closed = new CopyOnWriteArrayList<>();

		@EventListener
		void opened(SocketOpenedEvent event) {
			this.opened.add(event);
		}

		@EventListener
		void closed(SocketClosedEvent event) {
			this.closed.add(event);
		}

	}

	static class Routes {

		/** What ended each {@code /firehose} handler's sending, by name. */
		final Map<String, SocketClosedException> firehoseStopped = new ConcurrentHashMap<>();


		/**
		 * Reads numbered binary messages slowly, checking each is whole and in order, then reports.
		 */
		@SocketRoute("/slow-sum")
		void slowSum(Socket ws) {
			int expected = 0;
			long bytes = 0;
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				if (message instanceof Message.Text) {
					ws.send("ok " + expected + " " + bytes);
					continue;
				}
				ByteBuffer data = ((Message.Binary) message).data();
				bytes += data.remaining();
				int sequence = data.getInt();
				boolean intact = sequence == expected && data.remaining() > 0
						&& IntStream.range(0, data.remaining()).allMatch((i) -> data.get() == (byte) sequence);
				if (!intact) {
					ws.send("broken at " + expected);
					return;
				}
				expected++;
				LockSupport.parkNanos(200_000);
			}
		}

		/**
		 * Sends 64 KB messages until the peer is cut off.
		 */
		@SocketRoute(path = "/firehose", pingInterval = "0")
		void firehose(Socket ws) {
			byte[] chunk = new byte[64 * 1024];
			try {
				while (true) {
					ws.send(chunk);
				}
			}
			catch (SocketClosedException ex) {
				this.firehoseStopped.put(ws.queryParam("name"), ex);
			}
		}

		/**
		 * On "go", sends 10,000 numbered messages from each of 16 threads at once.
		 */
		@SocketRoute("/senders")
		void senders(Socket ws) throws InterruptedException {
			if ("go".equals(ws.receive())) {
				List<Thread> threads = IntStream.range(0, 16)
					.mapToObj((t) -> Thread.ofVirtual().start(() -> {
						for (int i = 0; i < 10_000; i++) {
							ws.send(t + ":" + i);
						}
					}))
					.toList();
				for (Thread thread : threads) {
					thread.join();
				}
				ws.send("done");
			}
			ws.receive();
		}

		@SocketRoute(path = "/idle", idleTimeout = "300ms")
		void idle(Socket ws) {
			SharedRoutes.echo(ws);
		}

		@SocketRoute(path = "/chat", subprotocols = { "v2.chat", "v1.chat" })
		void chat(Socket ws) {
			ws.send((ws.subprotocol() != null) ? ws.subprotocol() : "none");
			SharedRoutes.echo(ws);
		}

		@SocketRoute(path = "/tiny", maxTextMessageSize = "16")
		void tiny(Socket ws) {
			SharedRoutes.echo(ws);
		}

		@SocketRoute("/bad-input")
		void badInput(Socket ws) {
			throw new IllegalArgumentException("nope " + ws.receive());
		}

	}

}
