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
 * Routes whose handlers fall behind their peers, on a server with few container threads.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class IntakeTestApplication {

	@Bean
	Routes routes(SharedRoutes.Gates gates) {
		return new Routes(gates);
	}

	@RestController
	static class Hello {

		@GetMapping("/")
		String hello() {
			return "Hello World!";
		}

	}

	static class Routes {

		private final SharedRoutes.Gates gates;

		Routes(SharedRoutes.Gates gates) {
			this.gates = gates;
		}

		/**
		 * Like {@code /gated/<name>}, for messages of up to 256 KB, with room for two of them. No pings: moving
		 * hundreds of megabytes through one machine's own client and server can leave a healthy peer unheard for
		 * longer than the tests' short pong timeout.
		 */
		@SocketRoute(path = "/large/<name>", maxBinaryMessageSize = "256KB", inboundBufferLimit = "512KB",
				pingInterval = "0")
		void large(Socket ws, String name) throws InterruptedException {
			this.gates.gated(ws, name);
		}

	}

}
