package io.flasksockets.sample;

import java.net.Socket;
import java.util.UUID;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes of the sample app with the {@code cluster} profile, sharing the Redis on 127.0.0.1:6379 under names of
 * their own: a login on one node is seen by sockets on the other, chat crosses nodes, and a logout on one node
 * closes the user's sockets on the other.
 */
class ClusterIntegrationTests {

	private static final String NAMESPACE = "sample-test-" + UUID.randomUUID();

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	@BeforeAll
	static void startNodes() {
		try (Socket redis = new Socket("127.0.0.1", 6379)) {
			assertThat(redis.isConnected()).isTrue();
		}
		catch (Exception ex) {
			throw new AssertionError("These tests need Redis on 127.0.0.1:6379, which is not reachable. Start it "
					+ "with: redis-server --daemonize yes --port 6379 --save \"\" --appendonly no", ex);
		}
		nodeA = startNode();
		nodeB = startNode();
	}

	@AfterAll
	static void stopNodes() {
		nodeA.close();
		nodeB.close();
	}

	@Test
	void aLoginOnOneNodeIsSeenBySocketsOnTheOther() throws Exception {
		try (Browser alice = new Browser(port(nodeA))) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			alice.at(port(nodeB));
			try (SocketTestClient ws = alice.connect("/secure/echo")) {
				assertThat(ws.receive()).isEqualTo("hello alice");
			}
		}
	}

	@Test
	void chatCrossesNodesAndRoomsAreCountedOnEveryNode() throws Exception {
		try (Browser alice = new Browser(port(nodeA)); Browser bob = new Browser(port(nodeB))) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			try (SocketTestClient onA = alice.connect("/chat/cluster"); SocketTestClient onB = bob.connect("/chat/cluster")) {
				await().untilAsserted(() -> assertThat(bob.get("/rooms/cluster").body()).contains("\"members\":2"));
				onA.send("hello from node A");
				assertThat(onA.receive()).isEqualTo("alice: hello from node A");
				assertThat(onB.receive()).isEqualTo("alice: hello from node A");
				onB.send("hello from node B");
				assertThat(onA.receive()).isEqualTo("anonymous: hello from node B");
				assertThat(onB.receive()).isEqualTo("anonymous: hello from node B");
			}
		}
	}

	@Test
	void aLogoutOnOneNodeClosesTheUsersSocketsOnTheOtherWith1008() throws Exception {
		try (Browser alice = new Browser(port(nodeA))) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			alice.at(port(nodeB));
			try (SocketTestClient ws = alice.connect("/secure/echo")) {
				assertThat(ws.receive()).isEqualTo("hello alice");
				alice.at(port(nodeA));
				assertThat(alice.logout().statusCode()).isEqualTo(204);
				assertThat(ws.awaitClose().getCode()).isEqualTo(1008);
			}
		}
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private static ConfigurableApplicationContext startNode() {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.properties("server.port=0", "spring.session.redis.namespace=" + NAMESPACE,
					"flask-sockets.redis.key-prefix=" + NAMESPACE, "flask-sockets.redis.presence-interval=200ms",
					"flask-sockets.session-check-interval=500ms")
			.run();
	}

}
