package io.flasksockets.sample;

import java.io.IOException;
import java.net.Socket;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nodes of the sample app started by tests: alone on a given port, or with the {@code cluster} profile on the Redis
 * at 127.0.0.1:6379 under names of their own.
 */
final class SampleNodes {

	private SampleNodes() {
	}

	/**
	 * Start the sample app alone.
	 * @param port the port, or 0 for any free one
	 */
	static ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(SampleApplication.class).properties("server.port=" + port).run();
	}

	/**
	 * Start a node of a cluster whose nodes share the namespace, failing with what to do when Redis is not running.
	 */
	static ConfigurableApplicationContext startClusterNode(String namespace) {
		try (Socket redis = new Socket("127.0.0.1", 6379)) {
			redis.getInputStream();
		}
		catch (IOException ex) {
			throw new AssertionError("These tests need Redis on 127.0.0.1:6379, which is not reachable. Start it "
					+ "with: redis-server --daemonize yes --port 6379 --save \"\" --appendonly no", ex);
		}
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.properties("server.port=0", "spring.session.redis.namespace=" + namespace,
					"flask-sockets.redis.key-prefix=" + namespace, "flask-sockets.redis.presence-interval=200ms",
					"flask-sockets.session-check-interval=500ms")
			.run();
	}

	static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
	}

}
