package io.flasksockets.sample;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample app started by tests on a port of their choosing, so that it can be restarted on the same one.
 */
final class SampleNodes {

	private SampleNodes() {
	}

	/**
	 * Start the sample app.
	 * @param port the port, or 0 for any free one
	 */
	static ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(SampleApplication.class).properties("server.port=" + port).run();
	}

	static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
	}

}
