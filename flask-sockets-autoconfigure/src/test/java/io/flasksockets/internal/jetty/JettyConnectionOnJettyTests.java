package io.flasksockets.internal.jetty;

import java.net.URI;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.internal.connection.Connection;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a socket's connection reads of Jetty's private state on a live session, on the Jetty this build uses: run
 * by the build's Jetty execution only.
 */
class JettyConnectionOnJettyTests {

	@Test
	void aLiveSessionsConnectionReadsJettysNetworkBuffer() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConnectionApplication.class)
			.properties("server.port=0")
			.run();
				SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:"
						+ context.getEnvironment().getRequiredProperty("local.server.port") + "/connection"))) {
			assertThat(ws.receive()).isEqualTo("reads its network buffer");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ConnectionApplication {

		@Bean
		ConnectionRoute connectionRoute() {
			return new ConnectionRoute();
		}

	}

	static class ConnectionRoute {

		/**
		 * Tells whether the socket's connection reads Jetty's network buffer.
		 */
		@SocketRoute("/connection")
		void connection(Socket ws) {
			Object connection = ws.attributes().get(Connection.ATTRIBUTE);
			ws.send((connection instanceof JettyConnection jetty && jetty.readsItsNetworkBuffer())
					? "reads its network buffer" : "does not read its network buffer: " + connection);
		}

	}

}
