package io.flasksockets.internal.jetty;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many connections Jetty's listening socket queues: what {@code flask-sockets.accept-queue-size} says, 1,024
 * unless set, and what the application's own {@link JettyServerCustomizer} says if it sets it. Run by the build's
 * Jetty execution only; that it lets the 2,000 peers of a stopped node reconnect at once is the sample app's
 * {@code NodeLossOnJettyTests}.
 */
class JettyAcceptQueueOnJettyTests {

	@ParameterizedTest
	@CsvSource({ "test.accept-queue-size=unset, 1024", "flask-sockets.accept-queue-size=321, 321",
			"test.own-accept-queue-size=77, 77" })
	void jettysListeningSocketQueuesWhatThePropertySays(String property, int queued) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AcceptQueueApplication.class)
			.properties("server.port=0", property)
			.run()) {
			JettyWebServer server = (JettyWebServer) ((WebServerApplicationContext) context).getWebServer();
			assertThat(server.getServer().getConnectors()).hasAtLeastOneElementOfType(ServerConnector.class)
				.allSatisfy((connector) -> assertThat(((ServerConnector) connector).getAcceptQueueSize())
					.isEqualTo(queued));
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class AcceptQueueApplication {

		/**
		 * Sizes the accept queue of each connector itself, as {@code test.own-accept-queue-size} says.
		 */
		@Bean
		@ConditionalOnProperty("test.own-accept-queue-size")
		JettyServerCustomizer ownAcceptQueue(@Value("${test.own-accept-queue-size}") int size) {
			return (server) -> {
				for (Connector connector : server.getConnectors()) {
					((ServerConnector) connector).setAcceptQueueSize(size);
				}
			};
		}

	}

}
