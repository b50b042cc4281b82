package io.flasksockets.broker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away while two senders on two nodes send 10 messages a second each: every message a send accepted
 * reaches every member on every node exactly once, in its sender's order, whether Redis comes back empty or with its
 * data; a message the broker could not take is refused at once, and its sender alone told. A test that stops Redis
 * starts it again, even when it fails.
 */
class RedisOutageIntegrationTests {

	private static final Path SNAPSHOT = Path.of("/var/lib/redis/dump.rdb");

	private static LocalRedis redis;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static ConfigurableApplicationContext smallNode;

	private final List<SocketTestClient> clients = new ArrayList<>();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

	@BeforeAll
	static void startNodes() {
		redis = LocalRedis.connect();
		String prefix = "outage-" + UUID.randomUUID();
		nodeA = startNode(prefix);
		nodeB = startNode(prefix);
		smallNode = startNode("small-" + UUID.randomUUID(), "flask-sockets.redis.max-waiting=5");
	}

	@AfterAll
	static void stopNodes() {
		nodeA.close();
		nodeB.close();
		smallNode.close();
		redis.close();
	}

	@AfterEach
	void closeClients() throws IOException {
		this.clients.forEach(SocketTestClient::abort);
		this.clock.shutdownNow();
		Files.deleteIfExists(SNAPSHOT);
	}

	@ParameterizedTest(name = "Redis empty again after {0} s")
	@ValueSource(ints = { 1, 3, 6 })
	void aRestartOfRedisWithoutItsDataLosesNothingASendAccepted(int seconds) throws Exception {
		outage("empty-" + seconds, Duration.ofSeconds(seconds), false);
	}

	@Test
	void aRestartOfRedisWithItsDataLosesNothingASendAccepted() throws Exception {
		outage("kept", Duration.ofSeconds(3), true);
	}

	@Test
	void messagesBeyondWhatMayWaitAreRefusedAtOnceAndTheAcceptedOnesArrive() throws Exception {
		SocketTestClient sender = join(smallNode, "/chat/small");
		SocketTestClient watcher = join(smallNode, "/chat/small");
		Recorder senderSeen = new Recorder(sender);
		Recorder watcherSeen = new Recorder(watcher);
		try {
			redis.stop();
			await().until(() -> !broker(smallNode).health().connected());
			for (int i = 0; i < 12; i++) {
				sender.send("s" + i);
			}
			await().until(() -> senderSeen.refused().size() == 7);
		}
		finally {
			redis.start();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> watcherSeen.delivered().size() == 5);
		assertThat(watcherSeen.delivered()).containsExactly("s0", "s1", "s2", "s3", "s4");
		assertThat(senderSeen.refused()).containsExactly("s5", "s6", "s7", "s8", "s9", "s10", "s11");
		assertThat(senderSeen.delivered()).containsExactly("s0", "s1", "s2", "s3", "s4");
	}

	private void outage(String room, Duration length, boolean keepData) throws Exception {
		SocketTestClient alice = join(nodeA, "/chat/" + room);
		SocketTestClient bob = join(nodeB, "/chat/" + room);
		List<Recorder> members = List.of(new Recorder(alice), new Recorder(bob),
				new Recorder(join(nodeA, "/chat/" + room)), new Recorder(join(nodeB, "/chat/" + room)));
		AtomicInteger sent = new AtomicInteger();
		ScheduledFuture<?> sending = this.clock.scheduleAtFixedRate(() -> {
			int i = sent.getAndIncrement();
			alice.send("a" + i);
			bob.send("b" + i);
		}, 0, 100, TimeUnit.MILLISECONDS);
		HealthIndicator health = nodeA.getBean("flaskSocketsBrokerHealthIndicator", HealthIndicator.class);
		long reconnectNanos;
		try {
			await().until(() -> sent.get() >= 10);
			if (keepData) {
				redis.stopKeepingData();
			}
			else {
				redis.stop();
			}
			await().until(() -> !broker(nodeA).health().connected() && !broker(nodeB).health().connected());
			assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
			int sentAtStop = sent.get();
			await().atMost(length.plusSeconds(10))
				.until(() -> sent.get() >= sentAtStop + length.toMillis() / 100);
		}
		finally {
			redis.start();
		}
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> broker(nodeA).health().connected() && broker(nodeB).health().connected());
		reconnectNanos = System.nanoTime() - started;
		int sentAtRestart = sent.get();
		await().until(() -> sent.get() >= sentAtRestart + 20);
		sending.cancel(false);
		await().until(sending::isDone);
		int total = sent.get();
		for (Recorder member : members) {
			await().atMost(Duration.ofSeconds(30)).until(() -> member.delivered().size() >= 2 * total);
			assertThat(member.from("a")).isEqualTo(expected("a", total));
			assertThat(member.from("b")).isEqualTo(expected("b", total));
			assertThat(member.delivered()).hasSize(2 * total);
		}
		assertThat(members.get(0).refused()).isEmpty();
		assertThat(members.get(1).refused()).isEmpty();
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		// About 100 ms on this machine (docs/scaling-out.md); asserted loosely, since machines differ
		assertThat(Duration.ofNanos(reconnectNanos)).as("reconnected after Redis answered")
			.isLessThan(Duration.ofSeconds(2));
	}

	private static List<String> expected(String sender, int count) {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(sender + i);
		}
		return messages;
	}

	private SocketTestClient join(ConfigurableApplicationContext node, String path) {
		SocketTestClient client = SocketTestClient
			.connect(URI.create("ws://localhost:" + node.getEnvironment().getProperty("local.server.port") + path))
			.withTimeout(Duration.ofMinutes(5));
		assertThat(client.receive()).isEqualTo("joined");
		this.clients.add(client);
		return client;
	}

	private static RedisSocketBroker broker(ConfigurableApplicationContext node) {
		return node.getBean(RedisSocketBroker.class);
	}

	private static ConfigurableApplicationContext startNode(String prefix, String... properties) {
		return new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "flask-sockets.broker=redis", "flask-sockets.redis.key-prefix=" + prefix,
					"flask-sockets.ping-interval=0", "spring.data.redis.host=" + LocalRedis.HOST,
					"spring.data.redis.port=" + LocalRedis.PORT)
			.properties(properties)
			.run();
	}

	/**
	 * What one member receives, as it arrives: messages delivered through the room, and refusals to it alone.
	 */
	private static final class Recorder {

		private final List<String> delivered = new CopyOnWriteArrayList<>();

		private final List<String> refused = new CopyOnWriteArrayList<>();

		Recorder(SocketTestClient client) {
			Thread.ofVirtual().start(() -> {
				String message;
				while ((message = client.receive()) != null) {
					if (message.startsWith("not delivered: ")) {
						this.refused.add(message.substring("not delivered: ".length()));
					}
					else {
						this.delivered.add(message);
					}
				}
			});
		}

		List<String> delivered() {
			return this.delivered;
		}

		List<String> refused() {
			return this.refused;
		}

		List<String> from(String sender) {
			return this.delivered.stream().filter((message) -> message.startsWith(sender)).toList();
		}

	}

}
