package io.flasksockets.internal.limits;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.flasksockets.test.SocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that send faster than their route allows: past a limit, the handler gets messages no faster than the token
 * bucket gives them and the socket stays open, or the socket closes with 1008; a peer within its limits, and the
 * sockets of other routes, see no change.
 */
@SpringBootTest(classes = RateLimitTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.rate-limit.messages-per-second=200", "flask-sockets.rate-limit.message-burst=50",
				"management.metrics.enable.all=true" })
class RateLimitIntegrationTests {

	private final List<SocketTestClient> clients = new ArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private RateLimitTestApplication.Routes routes;

	@Autowired
	private MeterRegistry meters;

	@AfterEach
	void closeClients() {
		this.clients.forEach(SocketTestClient::abort);
	}

	@Test
	void aFloodIsHandedToTheHandlerNoFasterThanTheBucketGivesAndTheSocketStaysOpen() {
		String name = UUID.randomUUID().toString();
		SocketTestClient flood = connect("/delayed?name=" + name);
		// Ten seconds' worth past the burst, sent as fast as the server reads
		for (int i = 0; i < 1020; i++) {
			flood.send("message " + i);
		}
		List<Long> times = awaitReceived(name, 1020);
		assertBucket(times, 20, 100);
		assertThat(flood.isClosed()).isFalse();
		// Every message past the burst waits, but for those the bucket refilled meanwhile
		assertThat(this.meters.get("flask.sockets.rate.limited").tags("route", "/delayed", "policy", "delay")
			.counter()
			.count()).isBetween(900.0, 1000.0);
	}

	@Test
	void bytesAreCountedBySizeAndAnEmptyMessageCostsNothing() {
		String name = UUID.randomUUID().toString();
		SocketTestClient flood = connect("/bytes?name=" + name);
		String kilobyte = "k".repeat(1024);
		flood.send("");
		for (int i = 0; i < 16; i++) {
			flood.send(kilobyte);
		}
		flood.send("");
		// The empty ones at once; 8 KB at once, then 4 KB per second: four messages a second
		List<Long> times = awaitReceived(name, 18);
		assertBucket(times.subList(1, 17), 8, 4);
		assertThat(flood.isClosed()).isFalse();
	}

	@Test
	void pastTheLimitTheClosePolicyClosesWith1008AndHandsNoMore() {
		String name = UUID.randomUUID().toString();
		SocketTestClient flood = connect("/closing?name=" + name);
		sendUntilClosed(flood, 30);
		CloseStatus status = flood.awaitClose();
		assertThat(status.getCode()).isEqualTo(1008);
		assertThat(status.getReason()).isEqualTo("Rate limit exceeded");
		assertThat(this.routes.received(name)).hasSizeBetween(5, 7);
		assertThat(this.meters.get("flask.sockets.rate.limited").tags("route", "/closing", "policy", "close")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aUsersSocketsShareOneBucket() {
		String user = UUID.randomUUID().toString();
		SocketTestClient first = connect("/per-user?name=" + user + "-1&user=" + user);
		SocketTestClient second = connect("/per-user?name=" + user + "-2&user=" + user);
		for (int i = 0; i < 60; i++) {
			first.send("message " + i);
			second.send("message " + i);
		}
		List<Long> times = new ArrayList<>(awaitReceived(user + "-1", 60));
		times.addAll(awaitReceived(user + "-2", 60));
		times.sort(null);
		assertBucket(times, 10, 50);
	}

	@Test
	void aUsersSocketsShareOneBucketOfBytes() {
		String user = UUID.randomUUID().toString();
		SocketTestClient first = connect("/per-user-bytes?name=" + user + "-1&user=" + user);
		SocketTestClient second = connect("/per-user-bytes?name=" + user + "-2&user=" + user);
		String kilobyte = "k".repeat(1024);
		for (int i = 0; i < 8; i++) {
			first.send(kilobyte);
			second.send(kilobyte);
		}
		// 8 KB at once between the two sockets, then 4 KB per second: four messages a second
		List<Long> times = new ArrayList<>(awaitReceived(user + "-1", 8));
		times.addAll(awaitReceived(user + "-2", 8));
		times.sort(null);
		assertBucket(times, 8, 4);
		assertThat(first.isClosed() || second.isClosed()).isFalse();
	}

	@Test
	void aRouteWithoutItsOwnLimitHasTheGlobalOneAndPeersWithinItAreNotHeldUp() {
		String flooding = UUID.randomUUID().toString();
		String calm = UUID.randomUUID().toString();
		SocketTestClient flood = connect("/global?name=" + flooding);
		SocketTestClient within = connect("/global?name=" + calm);
		for (int i = 0; i < 250; i++) {
			flood.send("message " + i);
		}
		for (int i = 0; i < 10; i++) {
			within.send("message " + i);
		}
		List<Long> calmTimes = awaitReceived(calm, 10);
		assertThat(calmTimes.get(9) - calmTimes.get(0)).as("a peer within its burst waits for no one")
			.isLessThan(Duration.ofMillis(500).toNanos());
		assertBucket(awaitReceived(flooding, 250), 50, 200);
	}

	/**
	 * Assert that at no time since the first message were more messages handed than the bucket allows (its burst,
	 * and its rate since then), by more than 1 % and the one message being timed.
	 */
	private static void assertBucket(List<Long> times, int burst, int perSecond) {
		long first = times.get(0);
		for (int k = 0; k < times.size(); k++) {
			double allowed = burst + perSecond * (times.get(k) - first) / 1e9;
			assertThat(k + 1.0).as("messages handed %.1f ms after the first", (times.get(k) - first) / 1e6)
				.isLessThanOrEqualTo(allowed * 1.01 + 1);
		}
		double seconds = (times.get(times.size() - 1) - first) / 1e9;
		assertThat(times.size()).as("the bucket gave what it allows, not much less (%.2f s)", seconds)
			.isGreaterThanOrEqualTo((int) ((burst + perSecond * seconds) * 0.9));
	}

	private List<Long> awaitReceived(String name, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.routes.received(name).size() >= count);
		return this.routes.received(name);
	}

	/**
	 * Send as a flood would, until the messages are sent or the server's close ends the flood: a send that fails
	 * because the server closed meanwhile is where the flood stops.
	 */
	private static void sendUntilClosed(SocketTestClient client, int count) {
		for (int i = 0; i < count && !client.isClosed(); i++) {
			try {
				client.send("message " + i);
			}
			catch (IllegalStateException serverClosed) {
				assertThat(client.isClosed()).as("a send fails only once the server has closed").isTrue();
				return;
			}
		}
	}

	private SocketTestClient connect(String path) {
		SocketTestClient client = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path))
			.withTimeout(Duration.ofSeconds(30));
		this.clients.add(client);
		return client;
	}

}
