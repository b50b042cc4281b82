package io.flasksockets.test;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketTestClientAutoConfiguration}.
 */
class SocketTestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketTestClientAutoConfiguration.class));

	@Test
	void shouldProvideTheClientFactory() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SocketTestClients.class));
	}

	@Test
	void shouldBackOffFromTheApplicationsClientFactory() {
		SocketTestClients own = new SocketTestClients(() -> URI.create("ws://example.com"));
		this.contextRunner.withBean(SocketTestClients.class, () -> own)
			.run((context) -> assertThat(context).getBean(SocketTestClients.class).isSameAs(own));
	}

}
