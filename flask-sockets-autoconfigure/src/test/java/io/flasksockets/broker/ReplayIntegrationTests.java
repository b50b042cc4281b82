package io.flasksockets.broker;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that reconnects, to any node, with the id of the last message it saw gets what it missed, then what comes,
 * with nothing missing and nothing twice; and who is in a room is known on every node as soon as a join returns.
 * Two nodes sharing the Redis on 127.0.0.1:6379.
 */
class ReplayIntegrationTests {

	@RegisterExtension
	static final RedisNodes nodes = new RedisNodes("replay", "flask-sockets.ping-interval=0",
			"flask-sockets.replay.per-room=3",
			// No heartbeat during the tests: what they see is written as it happens
			"flask-sockets.redis.presence-interval=1m");

	private final List<SocketTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(SocketTestClient::abort);
	}

	@Test
	void aPeerThatReconnectsToTheOtherNodeGetsWhatItMissedThenWhatComesOnceEach() {
		SocketTestClient sender = replay(nodes.a(), "missed", null);
		SocketTestClient peer = replay(nodes.b(), "missed", null);
		sender.send("before");
		String seen = idOf(skipPresence(peer), "before");
		peer.abort();
		for (int i = 0; i < 3; i++) {
			sender.send("while away " + i);
		}
		// Everything is in the room's window once the sender has seen it come back
		for (int i = 0; i < 4; i++) {
			skipPresence(sender);
		}
		SocketTestClient again = connect(nodes.a(), "/replay/missed?since=" + encode(seen));
		for (int i = 0; i < 3; i++) {
			assertThat(textOf(again.receive())).isEqualTo("while away " + i);
		}
		assertThat(skipPresence(again)).isEqualTo("replayed 3 true");
		sender.send("after");
		assertThat(textOf(skipPresence(again))).isEqualTo("after");
	}

	@Test
	void aPeerThatReconnectsAfterRedisRestartedEmptyGetsWhatItMissedOnce() throws Exception {
		SocketTestClient sender = replay(nodes.a(), "restart", null);
		SocketTestClient watcher = replay(nodes.b(), "restart", null);
		SocketTestClient peer = replay(nodes.b(), "restart", null);
		sender.send("before");
		String seen = idOf(skipPresence(peer), "before");
		peer.abort();
		nodes.redis().stop();
		for (int i = 0; i < 3; i++) {
			sender.send("while Redis was down " + i);
		}
		nodes.redis().start();
		// Node B has them once its watcher has
		assertThat(textOf(skipPresence(watcher))).isEqualTo("before");
		for (int i = 0; i < 3; i++) {
			assertThat(textOf(skipPresence(watcher))).isEqualTo("while Redis was down " + i);
		}
		// Redis lost who was where: each node writes its rooms again as soon as it is back, not a heartbeat later
		await().until(() -> sockets(nodes.a()).room("restart").count(), (count) -> count == 2);
		SocketTestClient again = connect(nodes.b(), "/replay/restart?since=" + encode(seen));
		for (int i = 0; i < 3; i++) {
			assertThat(textOf(again.receive())).isEqualTo("while Redis was down " + i);
		}
		assertThat(skipPresence(again)).isEqualTo("replayed 3 true");
		sender.send("after");
		assertThat(textOf(skipPresence(again))).isEqualTo("after");
	}

	@Test
	void aPeerWithAnIdFromBeforeTheWindowIsToldItMissedMessages() {
		SocketTestClient sender = replay(nodes.a(), "old", null);
		String first = null;
		for (String text : List.of("one", "two", "three", "four")) {
			sender.send(text);
			String id = idOf(skipPresence(sender), text);
			first = (first != null) ? first : id;
		}
		SocketTestClient again = connect(nodes.b(), "/replay/old?since=" + encode(first));
		assertThat(textOf(again.receive())).isEqualTo("two");
		assertThat(textOf(again.receive())).isEqualTo("three");
		assertThat(textOf(again.receive())).isEqualTo("four");
		assertThat(skipPresence(again)).as("'one' was let go: the room keeps 3").isEqualTo("replayed 3 true");
		SocketTestClient older = connect(nodes.b(), "/replay/old?since=" + encode(olderThan(first)));
		for (int i = 0; i < 3; i++) {
			older.receive();
		}
		assertThat(skipPresence(older)).isEqualTo("replayed 3 false");
	}

	@Test
	void aJoinIsCountedOnTheOtherNodeAsSoonAsItReturnsAndItsMembersAreTold() {
		SocketTestClient watcher = replay(nodes.a(), "presence", null);
		assertThat(sockets(nodes.b()).room("presence").count()).isEqualTo(1);
		SocketTestClient bob = connect(nodes.b(), "/replay/presence?user=bob&since=");
		assertThat(skipPresence(bob)).as("the join has returned").startsWith("replayed ");
		assertThat(sockets(nodes.a()).room("presence").count()).isEqualTo(2);
		assertThat(sockets(nodes.a()).room("presence").members()).containsExactly("bob");
		assertThat(skipTo(watcher, "presence JOINED bob")).isEqualTo("presence JOINED bob 2");
	}

	private SocketTestClient replay(ConfigurableApplicationContext node, String room, String since) {
		SocketTestClient client = connect(node, "/replay/" + room + ((since != null) ? "?since=" + since : ""));
		assertThat(skipPresence(client)).startsWith("replayed ");
		return client;
	}

	private SocketTestClient connect(ConfigurableApplicationContext node, String path) {
		SocketTestClient client = SocketTestClient
			.connect(URI.create("ws://localhost:" + node.getEnvironment().getProperty("local.server.port") + path))
			.withTimeout(Duration.ofSeconds(10));
		this.clients.add(client);
		return client;
	}

	private static String skipPresence(SocketTestClient client) {
		String message;
		while ((message = client.receive()).startsWith("presence ")) {
			// joins and leaves
		}
		return message;
	}

	private static String skipTo(SocketTestClient client, String prefix) {
		String message;
		while (!(message = client.receive()).startsWith(prefix)) {
			// other messages
		}
		return message;
	}

	private static String idOf(String message, String text) {
		assertThat(message).endsWith("|" + text);
		return message.substring(0, message.indexOf('|'));
	}

	private static String textOf(String message) {
		return message.substring(message.indexOf('|') + 1);
	}

	private static String olderThan(String id) {
		long millis = Long.parseLong(id.substring(0, id.indexOf('-')));
		return (millis - 1) + "-0";
	}

	private static String encode(String id) {
		return URLEncoder.encode(id, StandardCharsets.UTF_8);
	}

	private static Sockets sockets(ConfigurableApplicationContext node) {
		return node.getBean(Sockets.class);
	}

}
