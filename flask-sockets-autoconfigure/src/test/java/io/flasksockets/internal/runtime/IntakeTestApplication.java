package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes whose handlers fall behind their peers, on a server with few container threads.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class IntakeTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	@Bean
	HeldSockets heldSockets() {
		return new HeldSockets();
	}

	@RestController
	static class Hello {

		@GetMapping("/")
		String hello() {
			return "Hello World!";
		}

	}

	static class Routes {

		/** Released by a test when the {@code /gated/<name>} handlers may start reading. */
		final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

		private final Map<String, List<Socket>> gatedSockets = new ConcurrentHashMap<>();

		/**
		 * Return the sockets waiting behind, or let through, the named gate.
		 */
		List<Socket> gated(String name) {
			return this.gatedSockets.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>());
		}

		@SocketRoute("/echo")
		void echo(Socket ws) {
			for (String message : ws.messages()) {
				ws.send(message);
			}
		}

		/**
		 * Like {@code /gated/<name>}, for messages of up to 256 KB, with room for two of them. No pings: moving
		 * hundreds of megabytes through one machine's own client and server can leave a healthy peer unheard for
		 * longer than the tests' short pong timeout.
		 */
		@SocketRoute(path = "/large/<name>", maxBinaryMessageSize = "256KB", inboundBufferLimit = "512KB",
				pingInterval = "0")
		void large(Socket ws, String name) throws InterruptedException {
			gated(ws, name);
		}

		/**
		 * Waits for its gate, then echoes text and answers each binary message with its size.
		 */
		@SocketRoute("/gated/<name>")
		void gated(Socket ws, String name) throws InterruptedException {
			gated(name).add(ws);
			this.gates.computeIfAbsent(name, (key) -> new CountDownLatch(1)).await();
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				switch (message) {
					case Message.Text text -> ws.send(text.text());
					case Message.Binary binary -> ws.send(Integer.toString(binary.data().remaining()));
				}
			}
		}

	}

}
