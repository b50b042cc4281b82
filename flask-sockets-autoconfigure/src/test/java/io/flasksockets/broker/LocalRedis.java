package io.flasksockets.broker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis this machine runs on 127.0.0.1:6379, for tests that need one: checked before use, and stopped and
 * started again the way the machine starts it.
 */
final class LocalRedis implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	static final int PORT = 6379;

	private static final List<String> START = List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
			"-::1", "--port", "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile",
			"/var/log/redis/ci.log");

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private LocalRedis(RedisClient client, StatefulRedisConnection<String, String> connection) {
		this.client = client;
		this.connection = connection;
	}

	/**
	 * Connect, failing with what to do when Redis is not running.
	 */
	static LocalRedis connect() {
		RedisClient client = RedisClient.create("redis://" + HOST + ":" + PORT);
		try {
			return new LocalRedis(client, client.connect());
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw new AssertionError("These tests need Redis on " + HOST + ":" + PORT
					+ ", which is not reachable. Start it with: " + String.join(" ", START), ex);
		}
	}

	RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * Stop Redis without saving; {@link #start()} brings it back.
	 */
	void stop() throws IOException, InterruptedException {
		run(List.of("redis-cli", "-h", HOST, "-p", Integer.toString(PORT), "shutdown", "nosave"));
	}

	/**
	 * Stop Redis after it has saved its data, which {@link #start()} loads; whoever calls this deletes the snapshot
	 * afterwards, or later starts load it too.
	 */
	void stopKeepingData() throws IOException, InterruptedException {
		run(List.of("redis-cli", "-h", HOST, "-p", Integer.toString(PORT), "shutdown", "save"));
	}

	/**
	 * Start Redis, if it is not running, and wait until it answers.
	 */
	void start() throws IOException, InterruptedException {
		run(START);
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(ping()));
	}

	private String ping() {
		try (StatefulRedisConnection<String, String> probe = this.client.connect()) {
			return probe.sync().ping();
		}
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
	}

	@Override
	public void close() {
		this.client.shutdown();
	}

}
