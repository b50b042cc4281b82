package io.flasksockets.internal.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handlers that fall behind their peers never hold a container thread: reading from those peers pauses, everything
 * else goes on, memory stays bounded, and a paused peer is not blamed for the silence. The server runs Spring Boot's
 * default platform threads, and only eight of them.
 */
@SpringBootTest(classes = IntakeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=false", "server.tomcat.threads.max=8",
				"server.jetty.threads.max=8", "flask-sockets.inbound-queue-capacity=4",
				"flask-sockets.ping-interval=300ms", "flask-sockets.pong-timeout=300ms" })
class IntakeIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final boolean onTomcat = ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null);

	@LocalServerPort
	private int port;

	@Autowired
	private SharedRoutes.Gates gates;

	private final List<SocketTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(SocketTestClient::abort);
	}

	@Test
	void twentyPeersFloodingHandlersThatWaitLeaveTheServerServingAndLoseNothing() throws Exception {
		CountDownLatch gate = this.gates.gate("flood");
		for (int client = 0; client < 20; client++) {
			SocketTestClient ws = connect("/gated/flood");
			this.clients.add(ws);
			for (int i = 0; i < 40; i++) {
				ws.send(client + ":" + i);
			}
		}
		await().until(() -> pausedSockets("flood") == 20);
		HttpResponse<String> hello = http.send(HttpRequest.newBuilder(uri("http", "/")).timeout(Duration.ofSeconds(1))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(hello.body()).isEqualTo("Hello World!");
		try (SocketTestClient other = connect("/echo").withTimeout(Duration.ofSeconds(1))) {
			other.send("served while they wait");
			assertThat(other.receive()).isEqualTo("served while they wait");
		}
		gate.countDown();
		for (int client = 0; client < 20; client++) {
			for (int i = 0; i < 40; i++) {
				assertThat(this.clients.get(client).receive()).isEqualTo(client + ":" + i);
			}
		}
	}

	@Test
	void aHealthyPeerOfAHandlerBusyForLongerThanThePongTimeoutStaysOpenAndGetsEveryReply() {
		CountDownLatch gate = this.gates.gate("busy");
		try (SocketTestClient ws = connect("/gated/busy")) {
			IntStream.range(0, 100).forEach((i) -> ws.send("message " + i));
			await().until(() -> pausedSockets("busy") == 1);
			// Busy for three times ping interval + pong timeout while the peer's messages wait
			await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(5)).until(() -> !ws.isClosed());
			gate.countDown();
			for (int i = 0; i < 100; i++) {
				assertThat(ws.receive()).isEqualTo("message " + i);
			}
			assertThat(ws.isClosed()).isFalse();
		}
	}

	@Test
	void aSilentPeerOfAnIdleHandlerIsStillClosedInTime() throws Exception {
		try (RawWebSocket silent = RawWebSocket.connect(this.port, "/held?name=silent")) {
			assertThat(silent.readFrame().text()).isEqualTo("ready");
			assertThat(silent.awaitCloseCode()).isEqualTo(1011);
		}
	}

	@Test
	void aHundredPeersSendingLargeMessagesIntoWaitingHandlersCostAtMostTheirBuffers() throws Exception {
		CountDownLatch gate = this.gates.gate("large");
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long baseline = usedHeapAfterGc(memory);
		ByteBuffer message = ByteBuffer.allocate(256 * 1024);
		List<Thread> senders = new ArrayList<>();
		for (int client = 0; client < 100; client++) {
			SocketTestClient ws = connect("/large/large").withTimeout(Duration.ofSeconds(60));
			this.clients.add(ws);
			senders.add(Thread.ofVirtual().start(() -> IntStream.range(0, 20).forEach((i) -> ws.send(message))));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> pausedSockets("large") == 100);
		long growth = usedHeapAfterGc(memory) - baseline;
		// Each socket holds at most its inbound buffer limit (512 KB) and the message that filled it (256 KB)
		assertThat(growth).isLessThan(100L * (512 + 256) * 1024);
		gate.countDown();
		for (SocketTestClient ws : this.clients) {
			for (int i = 0; i < 20; i++) {
				assertThat(ws.receive()).isEqualTo(Integer.toString(256 * 1024));
			}
		}
		for (Thread sender : senders) {
			sender.join(Duration.ofSeconds(10));
		}
	}

	/**
	 * A text message and a close frame in one TCP write. Jetty tells the handler of the close before it replies,
	 * so the echo always goes out first. Tomcat replies to the close before it tells anyone, so the echo goes out
	 * only if the handler is quicker than Tomcat's reading of the close frame; either way nothing follows the reply.
	 */
	@Test
	void anEchoOfAMessageFollowedByACloseGoesOutBeforeTheCloseReplyWhereTheContainerAllows() throws Exception {
		byte[] message = RawWebSocket.encode(0x80 | RawWebSocket.TEXT, "last words".getBytes(StandardCharsets.UTF_8),
				true);
		byte[] close = RawWebSocket.encode(0x80 | RawWebSocket.CLOSE, new byte[] { 0x03, (byte) 0xE8 }, true);
		try (RawWebSocket ws = RawWebSocket.connect(this.port, "/echo")) {
			ws.sendRaw(ByteBuffer.allocate(message.length + close.length).put(message).put(close).array());
			RawWebSocket.Frame first = ws.readFrame();
			if (onTomcat && first.opcode() == RawWebSocket.CLOSE) {
				assertThat(ws.awaitCloseCode()).as("nothing after the close reply").isEqualTo(-1);
			}
			else {
				assertThat(first.text()).isEqualTo("last words");
				assertThat(ws.readFrame().opcode()).isEqualTo(RawWebSocket.CLOSE);
			}
		}
	}

	/**
	 * Count the sockets behind a gate whose reading is paused: their handlers are not taking messages, their
	 * inboxes are full, and the server has stopped reading from their peers.
	 */
	private long pausedSockets(String gate) {
		return this.gates.sockets(gate)
			.stream()
			.filter((socket) -> ((BlockingSocket) socket).describe().readingPaused())
			.count();
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private SocketTestClient connect(String path) {
		return SocketTestClient.connect(uri("ws", path));
	}

	private URI uri(String scheme, String path) {
		return URI.create(scheme + "://localhost:" + this.port + path);
	}

}
