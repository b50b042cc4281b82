package io.flasksockets.sample;

import java.io.IOException;
import java.net.Socket;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes of the sample app with the {@code cluster} profile, started before a test class and stopped after it,
 * sharing the Redis on 127.0.0.1:6379 under names of their own. A test class registers it as a static extension.
 */
final class SampleCluster implements BeforeAllCallback, AfterAllCallback {

	private ConfigurableApplicationContext nodeA;

	private ConfigurableApplicationContext nodeB;

	@Override
	public void beforeAll(ExtensionContext context) {
		requireRedis();
		String namespace = "sample-test-" + UUID.randomUUID();
		this.nodeA = node(namespace);
		this.nodeB = node(namespace);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.nodeA.close();
		this.nodeB.close();
	}

	/**
	 * Fail, saying how to start it, unless Redis answers on 127.0.0.1:6379.
	 */
	static void requireRedis() {
		try (Socket redis = new Socket("127.0.0.1", 6379)) {
			redis.getInputStream();
		}
		catch (IOException ex) {
			throw new AssertionError("These tests need Redis on 127.0.0.1:6379, which is not reachable. Start it "
					+ "with: redis-server --daemonize yes --port 6379 --save \"\" --appendonly no", ex);
		}
	}

	int portA() {
		return SampleNodes.port(this.nodeA);
	}

	int portB() {
		return SampleNodes.port(this.nodeB);
	}

	/**
	 * Start a node of the sample app in this JVM, with the {@code cluster} profile.
	 * @param namespace the Redis names its nodes share
	 * @param more more properties, which win
	 */
	static ConfigurableApplicationContext node(String namespace, String... more) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.properties(properties(namespace))
			.properties("server.port=0")
			.properties(more)
			.run();
	}

	/**
	 * Return the arguments that start a node of the sample app in a JVM of its own, with the {@code cluster} profile.
	 * @param namespace the Redis names its nodes share
	 */
	static String[] arguments(String namespace) {
		return Stream.concat(Stream.of("spring.profiles.active=cluster"), Stream.of(properties(namespace)))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
	}

	private static String[] properties(String namespace) {
		return new String[] { "spring.session.redis.namespace=" + namespace, "flask-sockets.redis.key-prefix=" + namespace,
				"flask-sockets.redis.presence-interval=200ms", "flask-sockets.session-check-interval=500ms" };
	}

}
