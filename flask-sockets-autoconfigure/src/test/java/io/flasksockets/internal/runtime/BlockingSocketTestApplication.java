package io.flasksockets.internal.runtime;

import java.time.Duration;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes that exercise the runtime over real sockets.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class BlockingSocketTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	/**
	 * Serves plain HTTP requests to {@code /echo}, which is also a socket route.
	 */
	@RestController
	static class EchoController {

		@GetMapping("/echo")
		String plainEcho() {
			return "plain HTTP";
		}

	}

	static class Routes {


		@SocketRoute("/mixed")
		void mixed(Socket ws) {
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				switch (message) {
					case Message.Text text -> ws.send(text.text());
					case Message.Binary binary -> ws.send(binary.data());
				}
			}
		}

		@SocketRoute("/text-only")
		void textOnly(Socket ws) {
			String message;
			while ((message = ws.receive()) != null) {
				ws.send(message);
			}
		}


		@SocketRoute("/fail")
		void fail(Socket ws) {
			ws.send("about to fail");
			throw new IllegalStateException("Handler failure on purpose");
		}

		@SocketRoute("/burst/<int:count>")
		void burst(Socket ws, int count) {
			for (int i = 0; i < count; i++) {
				ws.send("message " + i);
			}
		}

		@SocketRoute("/vars/<int:id>/<name>/<path:rest>")
		void vars(Socket ws, long id, String name, String rest) {
			ws.send(id + 1 + "|" + name + "|" + rest + "|" + ws.pathVariable("id") + "|"
					+ ws.pathVariable("id", Integer.class));
		}

		@SocketRoute("/uuid/<uuid:id>")
		void uuid(Socket ws, java.util.UUID id) {
			ws.send(id.toString());
		}

		@SocketRoute("/context")
		void context(Socket ws) {
			ws.send("query=" + ws.queryParam("q") + " header=" + ws.header("x-demo") + " cookie=" + ws.cookie("flavour")
					+ " cookies=" + ws.cookies().keySet() + " path=" + ws.uri().getPath() + " principal="
					+ ws.principal().isPresent() + " session=" + ws.session().exists() + " thread="
					+ Thread.currentThread().isVirtual());
		}

		@SocketRoute("/timeout")
		void timeout(Socket ws) {
			String first = ws.receive(Duration.ofMillis(50));
			ws.send((first != null) ? "unexpected " + first : "timed out, closed=" + ws.isClosed());
			ws.send("got " + ws.receive(Duration.ofSeconds(30)));
		}

		@SocketRoute("/close-with")
		void closeWith(Socket ws) {
			ws.close(4001, "custom " + ws.receive());
		}

	}

}
