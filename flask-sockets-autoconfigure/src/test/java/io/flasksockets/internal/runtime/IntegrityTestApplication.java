package io.flasksockets.internal.runtime;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Echo routes for message integrity: one within the global limits, one with limits of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class IntegrityTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	static class Routes {

		@SocketRoute("/echo")
		void echo(Socket ws) {
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				switch (message) {
					case Message.Text text -> ws.send(text.text());
					case Message.Binary binary -> ws.send(binary.data());
				}
			}
		}

		@SocketRoute(path = "/limited", maxTextMessageSize = "100KB", maxBinaryMessageSize = "100KB")
		void limited(Socket ws) {
			echo(ws);
		}

	}

}
