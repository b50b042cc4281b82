package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes the runtime's test applications share, imported by each: {@code /echo} sends each text message
 * back, {@code /held} holds its socket ({@link HeldSockets}), and {@code /gated/<name>} waits at the named gate
 * until a test opens it, then echoes text and answers binary messages with their size.
 */
@Configuration(proxyBeanMethods = false)
class SharedRoutes {

	@Bean
	HeldSockets heldSockets() {
		return new HeldSockets();
	}

	@Bean
	Gates gates() {
		return new Gates();
	}

	@Bean
	Echo echo() {
		return new Echo();
	}

	/**
	 * Send each text message back until the socket closes.
	 */
	static void echo(Socket ws) {
		for (String message : ws.messages()) {
			ws.send(message);
		}
	}

	/**
	 * The {@code /echo} route.
	 */
	static class Echo {

		@SocketRoute("/echo")
		void echo(Socket ws) {
			SharedRoutes.echo(ws);
		}

	}

	/**
	 * The {@code /gated/<name>} route and its gates.
	 */
	static class Gates {

		private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

		private final Map<String, List<Socket>> sockets = new ConcurrentHashMap<>();

		/**
		 * Return the named gate, which a test counts down to let its handlers read.
		 */
		CountDownLatch gate(String name) {
			return this.gates.computeIfAbsent(name, (key) -> new CountDownLatch(1));
		}

		/**
		 * Return the sockets waiting behind, or let through, the named gate.
		 */
		List<Socket> sockets(String name) {
			return this.sockets.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>());
		}

		@SocketRoute("/gated/<name>")
		void gated(Socket ws, String name) throws InterruptedException {
			sockets(name).add(ws);
			gate(name).await();
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
