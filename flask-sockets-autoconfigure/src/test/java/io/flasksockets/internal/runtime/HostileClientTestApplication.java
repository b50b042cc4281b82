package io.flasksockets.internal.runtime;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes that hostile peers attack: small limits, sockets that close by themselves, and a page to check the node
 * still answers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class HostileClientTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	@RestController
	static class Hello {

		@GetMapping("/")
		String hello() {
			return "Hello World!";
		}

	}

	static class Routes {

		@SocketRoute(path = "/tiny", maxTextMessageSize = "16", maxBinaryMessageSize = "16")
		void tiny(Socket ws) {
			SharedRoutes.echo(ws);
		}

		/**
		 * Closes with 1008 when told anything.
		 */
		@SocketRoute("/policy")
		void policy(Socket ws) {
			ws.receive();
			ws.close(1008, "Not allowed");
		}

	}

}
