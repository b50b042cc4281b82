package io.flasksockets.internal.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits, keepalive, backpressure and the socket lifecycle, with peers that misbehave.
 */
@SpringBootTest(classes = RobustnessTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.ping-interval=200ms", "flask-sockets.pong-timeout=2s",
				"flask-sockets.send-time-limit=1s", "flask-sockets.inbound-queue-capacity=4" })
class RobustnessIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private HeldSockets held;

	@Autowired
	private RobustnessTestApplication.Routes routes;

	@Autowired
	private RobustnessTestApplication.EventLog events;

	@Autowired
	private Sockets sockets;

	@Test
	void aPeerThatStopsAnsweringPingsIsClosedWith1011AndItsHandlerEnds() throws Exception {
		try (RawWebSocket silent = RawWebSocket.connect(this.port, "/held?name=half-open")) {
			assertThat(silent.status()).isEqualTo(101);
			assertThat(this.held.ended("half-open").await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(silent.awaitCloseCode()).isEqualTo(1011);
		}
	}

	@Test
	void aPeerThatAnswersPingsStaysOpen() throws Exception {
		try (RawWebSocket live = RawWebSocket.connect(this.port, "/echo")) {
			int pings = 0;
			while (pings < 5) {
				RawWebSocket.Frame frame = live.readFrame();
				assertThat(frame.opcode()).isEqualTo(RawWebSocket.PING);
				live.sendFrame(true, RawWebSocket.PONG, frame.payload());
				pings++;
			}
			live.sendText("still here");
			RawWebSocket.Frame frame;
			while ((frame = live.readFrame()).opcode() == RawWebSocket.PING) {
				live.sendFrame(true, RawWebSocket.PONG, frame.payload());
			}
			assertThat(frame.text()).isEqualTo("still here");
		}
	}

	@Test
	void aSocketWithoutMessagesClosesWith1001AfterTheRoutesIdleTimeout() {
		try (SocketTestClient ws = connect("/idle")) {
			ws.send("one message");
			assertThat(ws.receive()).isEqualTo("one message");
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1001, "Idle timeout"));
		}
	}

	@Test
	void theRouteNegotiatesOneOfItsSubprotocols() {
		try (SocketTestClient ws = connect("/chat", Map.of("Sec-WebSocket-Protocol", "v1.chat"))) {
			assertThat(ws.subprotocol()).isEqualTo("v1.chat");
			assertThat(ws.receive()).isEqualTo("v1.chat");
		}
		try (SocketTestClient ws = connect("/chat", Map.of("Sec-WebSocket-Protocol", "v3.chat"))) {
			assertThat(ws.subprotocol()).isEmpty();
			assertThat(ws.receive()).isEqualTo("none");
		}
	}

	@Test
	void permessageDeflateIsNegotiatedWhenTheClientAsks() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.port, "/echo",
				"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {
			assertThat(ws.status()).isEqualTo(101);
			if ("false".equals(System.getProperty("flasksockets.expect-compression"))) {
				assertThat(ws.header("Sec-WebSocket-Extensions")).isNull();
			}
			else {
				assertThat(ws.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
			}
		}
	}

	@Test
	void aRoutesOwnMessageSizeLimitApplies() {
		try (SocketTestClient ws = connect("/tiny")) {
			ws.send("x".repeat(16));
			assertThat(ws.receive()).hasSize(16);
			ws.send("x".repeat(17));
			assertThat(ws.awaitClose().getCode()).isEqualTo(1009);
		}
	}

	@Test
	void aFloodIntoASlowHandlerArrivesWholeAndInOrderWithBoundedMemory() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long baseline = usedHeapAfterGc(memory);
		long peak = 0;
		int messages = 1600;
		try (SocketTestClient ws = connect("/slow-sum")) {
			for (int sequence = 0; sequence < messages; sequence++) {
				byte[] message = new byte[64 * 1024];
				Arrays.fill(message, (byte) sequence);
				ByteBuffer.wrap(message).putInt(sequence);
				ws.send(message);
				if (sequence % 200 == 0) {
					peak = Math.max(peak, usedHeapAfterGc(memory));
				}
			}
			ws.send("done");
			assertThat(ws.withTimeout(Duration.ofSeconds(60)).receive())
				.isEqualTo("ok " + messages + " " + messages * 64L * 1024);
		}
		assertThat(peak - baseline).as("heap growth while 100 MB flowed in").isLessThan(32L * 1024 * 1024);
	}

	@Test
	void aPeerThatDoesNotReadIsCutOffAndTheSenderIsTold() throws Exception {
		try (RawWebSocket stuck = RawWebSocket.connect(this.port, "/firehose?name=stuck")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.routes.firehoseStopped.containsKey("stuck"));
			assertThat(this.routes.firehoseStopped.get("stuck")).hasMessageContaining("is closed: 4500 Send time limit");
			await().untilAsserted(() -> assertThat(this.events.closed)
				.filteredOn((event) -> event.getRoute().equals("/firehose"))
				.extracting((event) -> event.getStatus().getCode())
				.containsExactly(4500));
		}
		try (SocketTestClient ws = connect("/echo")) {
			ws.send("still serving");
			assertThat(ws.receive()).isEqualTo("still serving");
		}
	}

	@Test
	void sixteenThreadsSendingAtOnceNeverInterleave() {
		try (SocketTestClient ws = connect("/senders")) {
			ws.send("go");
			int[] next = new int[16];
			String message;
			while (!"done".equals(message = ws.receive())) {
				String[] parts = message.split(":");
				int thread = Integer.parseInt(parts[0]);
				assertThat(Integer.parseInt(parts[1])).isEqualTo(next[thread]++);
			}
			assertThat(next).containsOnly(10_000);
		}
	}

	@Test
	void abruptDropsAndNormalClosesLeaveNoSocketsOrThreadsBehind() throws Exception {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String dropped = "reset-" + i;
			try (RawWebSocket ws = RawWebSocket.connect(this.port, "/held?name=" + dropped)) {
				assertThat(ws.readFrame().text()).isEqualTo("ready");
				ws.reset();
			}
			String closed = "closed-" + i;
			try (SocketTestClient ws = connect("/held?name=" + closed)) {
				assertThat(ws.receive()).isEqualTo("ready");
			}
			names.add(dropped);
			names.add(closed);
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> names.stream().allMatch((name) -> this.sockets.find(this.held.sockets.get(name).id()).isEmpty()));
		for (String name : names) {
			assertThat(this.held.ended(name).await(10, TimeUnit.SECONDS)).as(name).isTrue();
			Thread thread = this.held.threads.get(name);
			thread.join(10_000);
			assertThat(thread.isAlive()).as(name).isFalse();
		}
	}

	@Test
	void theErrorHandlerDecidesTheCloseStatusAndEventsTellTheLifecycle() {
		String id;
		try (SocketTestClient ws = connect("/bad-input")) {
			ws.send("input");
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4400, "Bad input: nope input"));
		}
		await().until(() -> this.events.closed.stream().anyMatch((event) -> event.getRoute().equals("/bad-input")));
		id = this.events.closed.stream()
			.filter((event) -> event.getRoute().equals("/bad-input"))
			.findFirst()
			.orElseThrow()
			.getSocket()
			.id();
		assertThat(this.events.opened).anyMatch((event) -> event.getSocket().id().equals(id));
		assertThat(this.events.closed).filteredOn((event) -> event.getSocket().id().equals(id))
			.singleElement()
			.satisfies((event) -> assertThat(event.getStatus()).isEqualTo(new CloseStatus(4400, "Bad input: nope input")));
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private SocketTestClient connect(String path) {
		return connect(path, Map.of());
	}

	private SocketTestClient connect(String path, Map<String, String> headers) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path), headers);
	}

}
