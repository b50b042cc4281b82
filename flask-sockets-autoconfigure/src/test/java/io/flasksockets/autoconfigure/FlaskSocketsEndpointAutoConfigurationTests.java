package io.flasksockets.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlaskSocketsEndpointAutoConfiguration}.
 */
class FlaskSocketsEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(FlaskSocketsAutoConfiguration.class, FlaskSocketsEndpointAutoConfiguration.class));

	@Test
	void shouldProvideTheEndpointWhenItIsExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=sockets")
			.run((context) -> assertThat(context).hasSingleBean(SocketsEndpoint.class));
	}

	@Test
	void shouldNotProvideTheEndpointUnlessItIsExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SocketsEndpoint.class));
	}

}
