package io.flasksockets.sample;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes of the sample app with the {@code cluster} profile, sharing the Redis on 127.0.0.1:6379 under names of
 * their own: a login on one node is seen by sockets on the other, chat crosses nodes, and a logout on one node
 * closes the user's sockets on the other.
 */
class ClusterIntegrationTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster();

	@Test
	void aLoginOnOneNodeIsSeenBySocketsOnTheOther() throws Exception {
		try (Browser alice = new Browser(cluster.portA())) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			alice.at(cluster.portB());
			try (SocketTestClient ws = alice.connect("/secure/echo")) {
				assertThat(ws.receive()).isEqualTo("hello alice");
			}
		}
	}

	@Test
	void chatCrossesNodesAndRoomsAreCountedOnEveryNode() throws Exception {
		try (Browser alice = new Browser(cluster.portA()); Browser bob = new Browser(cluster.portB())) {
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
		try (Browser alice = new Browser(cluster.portA())) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			alice.at(cluster.portB());
			try (SocketTestClient ws = alice.connect("/secure/echo")) {
				assertThat(ws.receive()).isEqualTo("hello alice");
				alice.at(cluster.portA());
				assertThat(alice.logout().statusCode()).isEqualTo(204);
				assertThat(ws.awaitClose().getCode()).isEqualTo(1008);
			}
		}
	}

}
