package io.flasksockets.autoconfigure;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Routes whose sockets the meters and the actuator endpoint report on.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ObservabilityTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	static class Routes {

		@SocketRoute("/echo")
		void echo(Socket ws) {
			ws.join("lobby");
			for (String text : ws.messages()) {
				ws.send(text);
			}
		}

		@SocketRoute("/rooms/<room>")
		void room(Socket ws, String room) {
			ws.send(room);
			ws.receive();
		}

		@SocketRoute("/bytes")
		void bytes(Socket ws) {
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				ws.send(message);
			}
		}

		/**
		 * Posts more than the send buffer may hold.
		 */
		@SocketRoute("/flood")
		void flood(Socket ws) {
			ws.post("x".repeat(8 * 1024));
			ws.receive();
		}

		@SocketRoute("/fail")
		void fail(Socket ws) {
			throw new IllegalStateException("Failing on purpose");
		}

		@SocketRoute(path = "/single", maxConnections = 1)
		void single(Socket ws) {
			ws.send("ready");
			ws.receive();
		}

	}

}
