package io.flasksockets.broker;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes of {@link ClusterTestApplication}, each on a random port, sharing the Redis on 127.0.0.1:6379 under a
 * key prefix of their own: started before a test class and stopped after it, their keys deleted. A test class
 * registers it as a static extension.
 */
final class RedisNodes implements BeforeAllCallback, AfterAllCallback {

	private final String prefix;

	private final String[] properties;

	private LocalRedis redis;

	private ConfigurableApplicationContext nodeA;

	private ConfigurableApplicationContext nodeB;

	/**
	 * Create the nodes of a test class.
	 * @param name what their key prefix starts with
	 * @param properties their properties besides the port, the broker and Redis's address
	 */
	RedisNodes(String name, String... properties) {
		this.prefix = name + "-" + UUID.randomUUID();
		this.properties = properties;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.redis = LocalRedis.connect();
		this.nodeA = start();
		this.nodeB = start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try (LocalRedis redis = this.redis) {
			closeIfStarted(this.nodeA);
			closeIfStarted(this.nodeB);
			List<String> keys = redis.commands().keys(this.prefix + ":*");
			if (!keys.isEmpty()) {
				redis.commands().del(keys.toArray(String[]::new));
			}
		}
	}

	private static void closeIfStarted(ConfigurableApplicationContext node) {
		if (node != null) {
			node.close();
		}
	}

	ConfigurableApplicationContext a() {
		return this.nodeA;
	}

	ConfigurableApplicationContext b() {
		return this.nodeB;
	}

	LocalRedis redis() {
		return this.redis;
	}

	String prefix() {
		return this.prefix;
	}

	private ConfigurableApplicationContext start() {
		String[] common = { "server.port=0", "flask-sockets.broker=redis",
				"flask-sockets.redis.key-prefix=" + this.prefix, "spring.data.redis.host=" + LocalRedis.HOST,
				"spring.data.redis.port=" + LocalRedis.PORT };
		return new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties(Stream.concat(Stream.of(common), Stream.of(this.properties)).toArray(String[]::new))
			.run();
	}

}
