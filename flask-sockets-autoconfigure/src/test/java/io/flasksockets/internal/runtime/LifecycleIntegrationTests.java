package io.flasksockets.internal.runtime;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Shutdown and fan-out, each on an application of its own.
 */
class LifecycleIntegrationTests {

	private final List<SocketTestClient> clients = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void closeEverything() {
		this.clients.forEach(SocketTestClient::abort);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void shutdownClosesEverySocketWith1001RefusesHandshakesAndWaitsForHandlers() throws Exception {
		start("server.shutdown=graceful", "flask-sockets.shutdown-timeout=30s");
		LifecycleTestApplication.Routes routes = this.context.getBean(LifecycleTestApplication.Routes.class);
		HeldSockets held = this.context.getBean(HeldSockets.class);
		for (int i = 0; i < 500; i++) {
			this.clients.add(connect("/held?name=socket-" + i));
		}
		SocketTestClient lingering = connect("/lingering");
		this.clients.forEach((client) -> assertThat(client.receive()).isEqualTo("ready"));
		Thread closer = Thread.ofPlatform().start(this.context::close);
		for (SocketTestClient client : this.clients) {
			assertThat(client.awaitClose().getCode()).isEqualTo(1001);
		}
		assertThat(routes.lingeringClosed.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(closer.isAlive()).as("shutdown waits for the lingering handler").isTrue();
		assertThat(handshakeStatus("/held?name=late")).isEqualTo(503);
		routes.lingeringRelease.countDown();
		closer.join(Duration.ofSeconds(30));
		assertThat(closer.isAlive()).isFalse();
		assertThat(held.threads.values()).allSatisfy((thread) -> assertThat(thread.isAlive()).isFalse());
		assertThat(lingering.isClosed()).isTrue();
		this.context = null;
	}

	@Test
	void shutdownStopsTheBrokerOnlyOnceEverySocketHasLeftItsRooms() throws Exception {
		start("test.broker=slow-leaves", "flask-sockets.shutdown-timeout=30s");
		LifecycleTestApplication.Routes routes = this.context.getBean(LifecycleTestApplication.Routes.class);
		LifecycleTestApplication.SlowLeaves broker = this.context.getBean(LifecycleTestApplication.SlowLeaves.class);
		Sockets sockets = this.context.getBean(Sockets.class);
		SocketTestClient inRoom = connect("/slow-room");
		SocketTestClient lingering = connect("/lingering");
		this.clients.addAll(List.of(inRoom, lingering));
		assertThat(inRoom.receive()).isEqualTo("ready");
		assertThat(lingering.receive()).isEqualTo("ready");
		CompletableFuture<Void> closed = closeInBackground();
		assertThat(broker.leaving.await(30, TimeUnit.SECONDS)).as("the room's socket leaves").isTrue();
		// The other socket finishes while the first still leaves its room
		routes.lingeringRelease.countDown();
		await().until(sockets::count, (count) -> count == 0);
		assertStopsOnlyAfterTheLeave(broker, closed);
	}

	@Test
	void aSocketCutAtTheShutdownTimeoutLeavesItsRoomsBeforeTheBrokerStops() throws Exception {
		start("test.broker=slow-leaves", "flask-sockets.shutdown-timeout=500ms");
		LifecycleTestApplication.SlowLeaves broker = this.context.getBean(LifecycleTestApplication.SlowLeaves.class);
		SocketTestClient stuck = connect("/stuck-in-room");
		this.clients.add(stuck);
		assertThat(stuck.receive()).isEqualTo("ready");
		CompletableFuture<Void> closed = closeInBackground();
		assertThat(broker.leaving.await(30, TimeUnit.SECONDS)).as("the cut socket leaves its room").isTrue();
		assertStopsOnlyAfterTheLeave(broker, closed);
	}

	private CompletableFuture<Void> closeInBackground() {
		ConfigurableApplicationContext context = this.context;
		this.context = null;
		return CompletableFuture.runAsync(context::close);
	}

	/**
	 * Check that the broker stays up while a socket leaves its room, then let the leave finish and check that the
	 * application closes and stops the broker after it.
	 */
	private static void assertStopsOnlyAfterTheLeave(LifecycleTestApplication.SlowLeaves broker,
			CompletableFuture<Void> closed) {
		try {
			await("the broker, while a socket still leaves its room").during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> !broker.stopped);
		}
		finally {
			broker.leaveRelease.countDown();
		}
		assertThat(closed).succeedsWithin(Duration.ofSeconds(30));
		assertThat(broker.stopped).isTrue();
		assertThat(broker.stoppedWhileLeaving).isFalse();
	}

	@Test
	void aBroadcastReachesEveryReaderWhileOnePeerIsStuck() throws Exception {
		start("flask-sockets.send-time-limit=60s", "flask-sockets.send-buffer-limit=64KB",
				"flask-sockets.ping-interval=0");
		HeldSockets held = this.context.getBean(HeldSockets.class);
		Sockets sockets = this.context.getBean(Sockets.class);
		for (int i = 0; i < 999; i++) {
			this.clients.add(connect("/held?name=reader-" + i));
		}
		this.clients.forEach((client) -> assertThat(client.receive()).isEqualTo("ready"));
		try (RawWebSocket stuck = RawWebSocket.connectWithSmallReceiveBuffer(port(), "/held?name=stuck")) {
			await().until(() -> held.sockets.containsKey("stuck"));
			Socket stuckSocket = held.sockets.get("stuck");
			AtomicReference<SocketClosedException> fillerStopped = new AtomicReference<>();
			Thread filler = Thread.ofVirtual().start(() -> {
				try {
					while (true) {
						stuckSocket.send(new byte[64 * 1024]);
					}
				}
				catch (SocketClosedException ex) {
					fillerStopped.set(ex);
				}
			});
			await().until(() -> filler.getState() == Thread.State.TIMED_WAITING
					|| filler.getState() == Thread.State.WAITING);
			String payload = "b".repeat(4096);
			for (int i = 0; i < 20; i++) {
				sockets.broadcast(i + payload);
				for (SocketTestClient client : this.clients) {
					assertThat(client.withTimeout(Duration.ofSeconds(20)).receive()).isEqualTo(i + payload);
				}
			}
			await().untilAsserted(() -> assertThat(stuckSocket.closeStatus()).isNotNull()
				.extracting((status) -> status.getCode())
				.isEqualTo(4500));
			filler.join(Duration.ofSeconds(30));
			assertThat(fillerStopped.get()).hasMessageContaining("is closed: 4500");
		}
	}

	@Test
	void shutdownTakesNoLongerThanItsTimeoutWithAStuckWriterAndInterruptsHandlersStillRunning() throws Exception {
		start("flask-sockets.shutdown-timeout=1s", "flask-sockets.send-time-limit=60s", "flask-sockets.ping-interval=0");
		LifecycleTestApplication.Routes routes = this.context.getBean(LifecycleTestApplication.Routes.class);
		try (RawWebSocket stuck = RawWebSocket.connectWithSmallReceiveBuffer(port(), "/flood")) {
			await().until(() -> routes.floodThread != null && isBlocked(routes.floodThread));
			SocketTestClient lingering = connect("/lingering");
			this.clients.add(lingering);
			assertThat(lingering.receive()).isEqualTo("ready");
			// Without the timeout, the stuck writer would hold shutdown for its 60 s send time limit
			assertThat(closeInBackground()).succeedsWithin(Duration.ofSeconds(30));
			assertThat(routes.lingeringInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(routes.floodStopped.await(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void aSilentPeerIsCutOffWhileEveryHandlerThreadIsTaken() throws Exception {
		start("test.executor=single-thread", "flask-sockets.ping-interval=300ms", "flask-sockets.pong-timeout=300ms");
		LifecycleTestApplication.Routes routes = this.context.getBean(LifecycleTestApplication.Routes.class);
		SocketTestClient lingering = connect("/lingering");
		this.clients.add(lingering);
		assertThat(lingering.receive()).isEqualTo("ready");
		lingering.close();
		assertThat(routes.lingeringClosed.await(10, TimeUnit.SECONDS)).isTrue();
		try (RawWebSocket silent = RawWebSocket.connect(port(), "/held?name=queued")) {
			assertThat(silent.status()).isEqualTo(101);
			assertThat(silent.awaitCloseCode()).isEqualTo(1011);
		}
		routes.lingeringRelease.countDown();
	}

	@Test
	void anExecutorThatRefusesClosesTheSocketWith1013AndForgetsIt() {
		start("test.executor=refusing");
		try (SocketTestClient ws = connect("/held?name=refused")) {
			assertThat(ws.awaitClose().getCode()).isEqualTo(1013);
		}
		Sockets sockets = this.context.getBean(Sockets.class);
		await().until(() -> sockets.count() == 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "throws", "answers-nothing" })
	void anErrorHandlerThatFailsStillClosesTheSocketWith1011(String errorHandler) {
		start("test.error-handler=" + errorHandler);
		try (SocketTestClient ws = connect("/fail")) {
			assertThat(ws.awaitClose().getCode()).isEqualTo(1011);
		}
		Sockets sockets = this.context.getBean(Sockets.class);
		await().until(() -> sockets.count() == 0);
	}

	@Test
	void theServerAtItsConnectionLimitAnswers503() throws Exception {
		start("flask-sockets.max-connections=3");
		for (int i = 0; i < 3; i++) {
			SocketTestClient ws = connect("/held?name=capped-" + i);
			this.clients.add(ws);
			assertThat(ws.receive()).isEqualTo("ready");
		}
		try (RawWebSocket refused = RawWebSocket.connect(port(), "/lingering")) {
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.body()).isEqualTo("Too many connections\n");
		}
	}

	private static boolean isBlocked(Thread thread) {
		return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(LifecycleTestApplication.class).properties("server.port=0")
			.properties(properties)
			.run();
	}

	private int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private SocketTestClient connect(String path) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + port() + path), Map.of());
	}

	private int handshakeStatus(String path) {
		CompletionException failure = assertThrows(CompletionException.class, () -> connect(path));
		return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
	}

}
