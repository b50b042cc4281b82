package io.flasksockets.internal.telemetry;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A route whose handler logs each message and calls a controller of the same application for it through Spring's
 * {@code RestClient}, with every finished span kept in memory.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TracingTestApplication {

	@Bean
	InMemorySpanExporter spans() {
		return InMemorySpanExporter.create();
	}

	@Bean
	Routes routes(RestClient.Builder rest, Environment environment) {
		return new Routes(rest, environment);
	}

	@RestController
	static class Greeting {

		@GetMapping("/greeting")
		String greeting() {
			return "hello";
		}

	}

	static class Routes {

		private static final Logger logger = LoggerFactory.getLogger(Routes.class);

		private final RestClient.Builder rest;

		private final Environment environment;

		Routes(RestClient.Builder rest, Environment environment) {
			this.rest = rest;
			this.environment = environment;
		}

		/**
		 * Answers each message with what {@code GET /greeting} says, and the message.
		 */
		@SocketRoute("/traced")
		void traced(Socket ws) {
			RestClient client = this.rest
				.baseUrl("http://localhost:" + this.environment.getRequiredProperty("local.server.port"))
				.build();
			for (String text : ws.messages()) {
				logger.info("Greeting {}", text);
				ws.send(client.get().uri("/greeting").retrieve().body(String.class) + " " + text);
			}
		}

	}

}
