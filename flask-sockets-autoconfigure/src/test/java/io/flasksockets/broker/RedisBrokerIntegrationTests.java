package io.flasksockets.broker;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.flasksockets.Sockets;
import io.flasksockets.PresenceChange;
import io.flasksockets.test.SocketTestClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes of one application, each on a random port, sharing the Redis on 127.0.0.1:6379 under a key prefix of
 * their own: rooms, users, outside publishers, presence, and every way the connection to Redis can fail. A test that
 * stops Redis starts it again, even when it fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisBrokerIntegrationTests {

	@RegisterExtension
	static final RedisNodes nodes = new RedisNodes("test", "flask-sockets.redis.presence-interval=200ms",
			"management.tracing.sampling.probability=1.0");

	private final List<SocketTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(SocketTestClient::abort);
	}

	@Test
	void membersOfARoomOnBothNodesGetEveryMessageInOrder() {
		SocketTestClient alice = join(nodes.a(), "/chat/lobby");
		SocketTestClient bob = join(nodes.b(), "/chat/lobby");
		IntStream.range(0, 50).forEach((i) -> alice.send("message " + i));
		for (int i = 0; i < 50; i++) {
			assertThat(alice.receive()).isEqualTo("message " + i);
			assertThat(bob.receive()).isEqualTo("message " + i);
		}
	}

	@Test
	void aRoomMessageDeliveredOnTheOtherNodeIsLinkedToTheTraceOfTheMessageThatSentIt() {
		SocketTestClient alice = join(nodes.a(), "/chat/traced");
		SocketTestClient bob = join(nodes.b(), "/chat/traced");
		alice.send("hello");
		assertThat(bob.receive()).isEqualTo("hello");
		SpanData sent = awaitSpan(nodes.a(), "send room", "traced");
		SpanData delivered = awaitSpan(nodes.b(), "deliver room", "traced");
		assertThat(delivered.getTraceId()).isEqualTo(sent.getTraceId());
		assertThat(delivered.getParentSpanId()).isEqualTo(sent.getSpanId());
		assertThat(spans(nodes.a())).anySatisfy((message) -> {
			assertThat(message.getSpanId()).isEqualTo(sent.getParentSpanId());
			assertThat(message.getName()).isEqualTo("process /chat/<room>");
		});
	}

	@Test
	void aMessageToAUserReachesTheirSocketsOnEveryNode() {
		SocketTestClient onA = listen(nodes.a(), "carol");
		SocketTestClient onB = listen(nodes.b(), "carol");
		SocketTestClient someoneElse = listen(nodes.b(), "dave");
		sockets(nodes.a()).user("carol").send("hello carol");
		assertThat(onA.receive()).isEqualTo("hello carol");
		assertThat(onB.receive()).isEqualTo("hello carol");
		sockets(nodes.b()).user("dave").send("hello dave");
		assertThat(someoneElse.receive()).isEqualTo("hello dave");
		await().untilAsserted(() -> assertThat(sockets(nodes.a()).user("carol").count()).isEqualTo(2));
	}

	@Test
	void aProcessWithoutAWebServerReachesRoomsThroughRedis() {
		SocketTestClient alice = join(nodes.a(), "/chat/news");
		SocketTestClient bob = join(nodes.b(), "/chat/news");
		new RedisSocketPublisher(nodes.a().getBean(RedisConnectionFactory.class), nodes.prefix()).send(Address.room("news"),
				"from a batch job");
		assertThat(alice.receive()).isEqualTo("from a batch job");
		assertThat(bob.receive()).isEqualTo("from a batch job");
		// As docs/scaling-out.md shows it, with redis-cli
		redis().xadd(nodes.prefix() + ":messages", "to", "room:news", "text", "from redis-cli");
		assertThat(alice.receive()).isEqualTo("from redis-cli");
		assertThat(bob.receive()).isEqualTo("from redis-cli");
	}

	@Test
	void anEntryThatIsNotADeliveryIsSkippedAndTheNextArrives(CapturedOutput output) {
		SocketTestClient alice = join(nodes.a(), "/chat/skip");
		redis().xadd(nodes.prefix() + ":messages", "to", "nowhere:at-all", "text", "lost");
		redis().xadd(nodes.prefix() + ":messages", "to", "room:skip", "text", "still delivered");
		assertThat(alice.receive()).isEqualTo("still delivered");
		assertThat(output).contains("it is not a delivery");
	}

	@Test
	void roomSizesCountEveryNodeAndANodeThatStopsDropsOut() {
		join(nodes.a(), "/chat/count");
		join(nodes.b(), "/chat/count");
		await().untilAsserted(() -> assertThat(sockets(nodes.a()).room("count").count()).isEqualTo(2));
		await().untilAsserted(() -> assertThat(sockets(nodes.b()).room("count").count()).isEqualTo(2));
		// A node that stopped without a word: its heartbeat expires, and its sockets stop counting
		for (int i = 0; i < 5; i++) {
			redis().hset(nodes.prefix() + ":members:room:count", "crashed-socket-" + i, "crashed-node|");
		}
		redis().setex(nodes.prefix() + ":node:crashed-node", 1, "alive");
		assertThat(sockets(nodes.b()).room("count").count()).isEqualTo(7);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sockets(nodes.b()).room("count").count()).isEqualTo(2));
	}

	@Test
	void theMembersOfARoomAreToldWhenANodeDiesWithSocketsInItAndWhenItComesBack() {
		SocketTestClient watcher = connect(nodes.a(), "/replay/crash");
		assertThat(skipTo(watcher, "replayed ")).isEqualTo("replayed 0 true");
		// A node with bob's socket in the room, that dies without a word
		redis().psetex(nodes.prefix() + ":node:dying-node", 1000, "alive");
		redis().hset(nodes.prefix() + ":members:room:crash", "bobs-socket", "dying-node|bob");
		redis().hset(nodes.prefix() + ":presence:all", "dying-node", "1");
		assertThat(sockets(nodes.a()).room("crash").count()).isEqualTo(2);
		assertThat(skipTo(watcher, "presence LEFT")).isEqualTo("presence LEFT bob 1");
		assertThat(sockets(nodes.a()).room("crash").count()).isEqualTo(1);
		// It comes back after an outage of its own, then dies for good and is forgotten
		redis().psetex(nodes.prefix() + ":node:dying-node", 1000, "alive");
		assertThat(skipTo(watcher, "presence JOINED bob")).isEqualTo("presence JOINED bob 2");
		assertThat(skipTo(watcher, "presence LEFT")).isEqualTo("presence LEFT bob 1");
		await().untilAsserted(() -> {
			assertThat(redis().hkeys(nodes.prefix() + ":members:room:crash")).doesNotContain("bobs-socket");
			assertThat(redis().hkeys(nodes.prefix() + ":presence:all")).doesNotContain("dying-node");
		});
	}

	@Test
	void aUsersSocketsOnTwoNodesShareOneRateLimit() {
		String user = UUID.randomUUID().toString();
		SocketTestClient onA = connect(nodes.a(), "/limited?name=" + user + "-a&user=" + user);
		SocketTestClient onB = connect(nodes.b(), "/limited?name=" + user + "-b&user=" + user);
		for (int i = 0; i < 60; i++) {
			onA.send("message " + i);
			onB.send("message " + i);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> routes(nodes.a()).received(user + "-a").size() == 60
				&& routes(nodes.b()).received(user + "-b").size() == 60);
		List<Long> times = new ArrayList<>(routes(nodes.a()).received(user + "-a"));
		times.addAll(routes(nodes.b()).received(user + "-b"));
		times.sort(null);
		// 10 at once, then 50 per second, shared: within 5 % (and the message being timed) at every moment
		long first = times.get(0);
		for (int k = 0; k < times.size(); k++) {
			double allowed = 10 + 50 * (times.get(k) - first) / 1e9;
			assertThat(k + 1.0).as("messages handed %.1f ms after the first", (times.get(k) - first) / 1e6)
				.isLessThanOrEqualTo(allowed * 1.05 + 1);
		}
		assertThat(redis().keys(nodes.prefix() + ":rate:*")).isNotEmpty();
	}

	@Test
	void whileRedisIsDownAUsersRateLimitHoldsNoHandlerUpAndSaysSoOnce(CapturedOutput output) throws Exception {
		String user = UUID.randomUUID().toString();
		SocketTestClient client = connect(nodes.a(), "/limited?name=" + user + "&user=" + user);
		client.send("before");
		await().until(() -> routes(nodes.a()).received(user).size() == 1);
		try {
			nodes.redis().stop();
			for (int i = 0; i < 30; i++) {
				client.send("message " + i);
			}
			// Far past the limit's burst of 10: each message is handed at once, or after the 1 s timeout
			await().atMost(Duration.ofSeconds(5)).until(() -> routes(nodes.a()).received(user).size() == 31);
		}
		finally {
			nodes.redis().start();
		}
		assertThat(output.toString().split("A user's rate limit could not be reached", -1)).hasSize(2);
	}

	@Test
	void aNodeWhoseConnectionIsKilledGetsWhatWasPublishedMeanwhile() {
		SocketTestClient bob = join(nodes.b(), "/chat/kill");
		killReader(nodes.b());
		IntStream.range(0, 100).forEach((i) -> sockets(nodes.a()).room("kill").send("message " + i));
		for (int i = 0; i < 100; i++) {
			assertThat(bob.receive()).isEqualTo("message " + i);
		}
		assertThat(broker(nodes.b()).health().lost()).isZero();
	}

	@Test
	void whatIsSentWhileRedisIsDownWaitsForItAndNodesReconnectByThemselves() throws Exception {
		SocketTestClient bob = join(nodes.b(), "/chat/restart");
		try {
			nodes.redis().stop();
			await().until(() -> !broker(nodes.a()).health().connected() && !broker(nodes.b()).health().connected());
			sockets(nodes.a()).room("restart").send("while Redis is down");
			assertThat(broker(nodes.a()).health().waiting()).isPositive();
		}
		finally {
			nodes.redis().start();
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> broker(nodes.a()).health().connected() && broker(nodes.b()).health().connected());
		sockets(nodes.a()).room("restart").send("after the restart");
		assertThat(bob.receive()).isEqualTo("while Redis is down");
		assertThat(bob.receive()).isEqualTo("after the restart");
	}

	@Test
	void aNodeCutOffByAnOutputBufferLimitCatchesUp() {
		SocketTestClient bob = join(nodes.b(), "/chat/buffer");
		// 200 messages of 2 KB: one read of them all is more than Redis may send a client at once
		String payload = "x".repeat(2 * 1024);
		try {
			redis().configSet("client-output-buffer-limit", "normal 64kb 64kb 0");
			IntStream.range(0, 200).forEach((i) -> sockets(nodes.a()).room("buffer").send(i + payload));
			for (int i = 0; i < 200; i++) {
				assertThat(bob.receive()).as("message %d", i).startsWith(i + "x");
			}
		}
		finally {
			redis().configSet("client-output-buffer-limit", "normal 0 0 0");
		}
	}

	/**
	 * A node that fell behind (here its delivery is held up on purpose, which stalls its reading as an outage
	 * would) while the stream was trimmed past where it left off: what it missed is counted, logged and shown.
	 */
	@Test
	void messagesThatLeftTheStreamBeforeANodeReadThemAreCountedAndLogged(CapturedOutput output) throws Exception {
		String prefix = nodes.prefix() + "-window";
		RedisConnectionFactory connectionFactory = nodes.a().getBean(RedisConnectionFactory.class);
		CountDownLatch firstDelivered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RedisSocketBroker broker = new RedisSocketBroker(connectionFactory, prefix, 10, Duration.ofSeconds(1));
		broker.start(new LocalSockets() {

			@Override
			public void deliver(Delivery delivery) {
				firstDelivered.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

			@Override
			public Map<Address, Long> presence() {
				return Map.of();
			}

			@Override
			public void presenceChanged(PresenceChange change) {
			}

			@Override
			public void recall(Delivery delivery) {
			}

			@Override
			public void historyBeginsAfter(String id) {
			}

		});
		try {
			redis().configSet("stream-node-max-entries", "10");
			RedisSocketPublisher publisher = new RedisSocketPublisher(connectionFactory, prefix, 10);
			publisher.send(Address.room("window"), "first");
			assertThat(firstDelivered.await(10, TimeUnit.SECONDS)).isTrue();
			IntStream.range(0, 300).forEach((i) -> publisher.send(Address.room("window"), "message " + i));
			release.countDown();
			await().untilAsserted(() -> assertThat(broker.health().lost()).isGreaterThan(200));
			assertThat(output).contains("messages of another node never reached this node");
		}
		finally {
			release.countDown();
			redis().configSet("stream-node-max-entries", "100");
			broker.stop();
		}
	}

	/**
	 * Kill every connection that is reading the stream, as a network blip would.
	 */
	private static void killReader(ConfigurableApplicationContext node) {
		String name = "name=" + broker(node).readerName() + " ";
		List<String> readers = redis().clientList().lines().filter((client) -> client.contains(name)).toList();
		assertThat(readers).hasSize(1);
		readers.stream()
			.map((client) -> client.replaceAll("^id=(\\d+) .*", "$1"))
			.forEach((id) -> redis().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))));
	}

	private static String skipTo(SocketTestClient client, String prefix) {
		String message;
		while (!(message = client.receive()).startsWith(prefix)) {
			// other messages
		}
		return message;
	}

	private SocketTestClient join(ConfigurableApplicationContext node, String path) {
		SocketTestClient client = connect(node, path);
		assertThat(client.receive()).isEqualTo("joined");
		return client;
	}

	private SocketTestClient listen(ConfigurableApplicationContext node, String user) {
		SocketTestClient client = connect(node, "/listen?user=" + user);
		assertThat(client.receive()).isEqualTo("listening");
		return client;
	}

	private SocketTestClient connect(ConfigurableApplicationContext node, String path) {
		SocketTestClient client = SocketTestClient.connect(URI.create("ws://localhost:"
				+ node.getEnvironment().getRequiredProperty("local.server.port") + path));
		this.clients.add(client);
		return client;
	}

	private static RedisCommands<String, String> redis() {
		return nodes.redis().commands();
	}

	private static Sockets sockets(ConfigurableApplicationContext node) {
		return node.getBean(Sockets.class);
	}

	private static SpanData awaitSpan(ConfigurableApplicationContext node, String name, String destination) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			node.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			return spans(node).stream()
				.filter((span) -> span.getName().equals(name))
				.filter((span) -> destination.equals(span.getAttributes()
					.get(AttributeKey.stringKey("messaging.destination.name"))))
				.findFirst();
		}, Optional::isPresent).orElseThrow();
	}

	private static List<SpanData> spans(ConfigurableApplicationContext node) {
		return node.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
	}

	private static ClusterTestApplication.Routes routes(ConfigurableApplicationContext node) {
		return node.getBean(ClusterTestApplication.Routes.class);
	}

	private static RedisSocketBroker broker(ConfigurableApplicationContext node) {
		return node.getBean(RedisSocketBroker.class);
	}

}
