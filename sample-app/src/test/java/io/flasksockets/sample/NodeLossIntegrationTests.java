package io.flasksockets.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that dies or is restarted under its peers loses them nothing: node A of the sample app's {@code cluster}
 * profile in this JVM, and node B in a JVM of its own, killed with SIGKILL or stopped with SIGTERM while a publisher
 * on node A sends into a room at 200 messages a second; B's peers reconnect to A with the id of the last message
 * they saw. Redis on 127.0.0.1:6379.
 */
class NodeLossIntegrationTests {

	private static final int MESSAGES = 400;

	private static final JsonMapper JSON = new JsonMapper();

	private static final String NAMESPACE = "sample-test-" + UUID.randomUUID();

	private static ConfigurableApplicationContext nodeA;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<ReplayingPeer> peers = new ArrayList<>();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger sent = new AtomicInteger();

	@BeforeAll
	static void startNodeA() {
		nodeA = SampleCluster.node(NAMESPACE);
	}

	@AfterAll
	static void stopNodeA() {
		nodeA.close();
	}

	@AfterEach
	void closePeers() {
		this.clock.shutdownNow();
		this.peers.forEach(ReplayingPeer::close);
	}

	@Test
	void peersOfANodeKilledWithSigkillGetEveryMessageOnceFromTheOther() throws Exception {
		try (SampleProcess nodeB = SampleProcess.start(SampleCluster.arguments(NAMESPACE))) {
			connectPeers("killed", 100, nodeB.port());
			try (SocketTestClient publisher = publish("killed")) {
				await().until(() -> this.sent.get() >= 100);
				nodeB.kill();
				assertEveryPeerGetsEveryMessageOnceInOrder();
			}
			// The dead node's members drop out once its heartbeat expires: the peers remain
			await().atMost(Duration.ofSeconds(10)).until(() -> members("killed"), (members) -> members.equals("100"));
		}
	}

	@Test
	void aRollingRestartLosesNothing() throws Exception {
		try (SampleProcess nodeB = SampleProcess.start(SampleCluster.arguments(NAMESPACE))) {
			connectPeers("restarted", 2000, nodeB.port());
			try (SocketTestClient publisher = publish("restarted")) {
				await().until(() -> this.sent.get() >= 100);
				nodeB.terminate();
				assertThat(nodeB.exits()).as("node B exits").isTrue();
				assertEveryPeerGetsEveryMessageOnceInOrder();
			}
			assertThat(nodeB.log()).doesNotContain("ERROR");
		}
	}

	/**
	 * Connect peers to node B first, and to node A every time after. The wait allows for thousands of handshakes at
	 * once on two busy cores, each of which also joins the room in Redis.
	 */
	private void connectPeers(String room, int count, int portB) {
		for (int i = 0; i < count; i++) {
			AtomicInteger connections = new AtomicInteger();
			ReplayingPeer peer = new ReplayingPeer(this.http, room,
					() -> (connections.getAndIncrement() == 0) ? portB : SampleNodes.port(nodeA));
			peer.connect();
			this.peers.add(peer);
		}
		await().atMost(Duration.ofMinutes(3))
			.untilAsserted(() -> assertThat(this.peers.stream().filter((peer) -> !peer.joined()).count())
				.as("peers not joined yet")
				.isZero());
	}

	/**
	 * Send {@link #MESSAGES} messages from node A into the room, one every 5 ms.
	 */
	private SocketTestClient publish(String room) {
		// Its close waits behind everything node A still writes to it after the restart: 2,000 peers' leaves and joins
		SocketTestClient publisher = SocketTestClient
			.connect(URI.create("ws://localhost:" + SampleNodes.port(nodeA) + "/chat/" + room))
			.withTimeout(Duration.ofSeconds(30));
		this.clock.scheduleAtFixedRate(() -> {
			if (this.sent.get() < MESSAGES) {
				publisher.send("m" + this.sent.getAndIncrement());
			}
		}, 0, 5, TimeUnit.MILLISECONDS);
		return publisher;
	}

	private void assertEveryPeerGetsEveryMessageOnceInOrder() {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.sent.get() == MESSAGES);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			expected.add("anonymous: m" + i);
		}
		ReplayingPeer.assertEachGets(this.peers, expected);
	}

	private String members(String room) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + SampleNodes.port(nodeA) + "/rooms/" + room))
			.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body()).get("members").asString();
	}

}
