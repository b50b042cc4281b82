package io.flasksockets.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * Peers that keep losing their connections get every message of their room exactly once, in order: two nodes of the
 * sample app, a publisher on node A sending 200 messages a second, and 200 pages' sockets that are dropped 1,000
 * times in all, at random, each time reconnecting to a random node with the id of the last message they saw.
 */
class RecoveryIntegrationTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster();

	private static final int CLIENTS = 200;

	private static final int MESSAGES = 600;

	private static final int DROPS = 1000;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyPeerGetsEveryMessageOnceInOrderThroughAThousandDroppedConnections() throws Exception {
		List<ReplayingPeer> peers = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			// The first connection to node B, every other to a random node
			AtomicInteger connections = new AtomicInteger();
			ReplayingPeer peer = new ReplayingPeer(this.http, "recovery", () -> (connections.getAndIncrement() == 0
					|| ThreadLocalRandom.current().nextBoolean()) ? cluster.portB() : cluster.portA());
			peer.connect();
			peers.add(peer);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream().allMatch(ReplayingPeer::joined));
		ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
		AtomicInteger sent = new AtomicInteger();
		AtomicInteger dropped = new AtomicInteger();
		try (SocketTestClient publisher = SocketTestClient
			.connect(URI.create("ws://localhost:" + cluster.portA() + "/chat/recovery"))) {
			clock.scheduleAtFixedRate(() -> {
				if (sent.get() < MESSAGES) {
					publisher.send("m" + sent.getAndIncrement());
				}
			}, 0, 5, TimeUnit.MILLISECONDS);
			// A thousand drops spread over the three seconds of publishing
			clock.scheduleAtFixedRate(() -> {
				if (dropped.get() < DROPS) {
					dropped.incrementAndGet();
					peers.get(ThreadLocalRandom.current().nextInt(CLIENTS)).drop();
				}
			}, 0, 3, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() == MESSAGES && dropped.get() == DROPS);
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				expected.add("anonymous: m" + i);
			}
			ReplayingPeer.assertEachGets(peers, expected);
		}
		finally {
			clock.shutdownNow();
			peers.forEach(ReplayingPeer::close);
		}
	}

}
