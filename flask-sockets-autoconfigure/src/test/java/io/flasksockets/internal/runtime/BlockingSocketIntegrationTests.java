package io.flasksockets.internal.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.flasksockets.Message;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The blocking socket runtime, over real sockets on a real server.
 */
@SpringBootTest(classes = BlockingSocketTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "flask-sockets.allowed-origins=https://allowed.example")
@ExtendWith(OutputCaptureExtension.class)
class BlockingSocketIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private HeldSockets held;

	@Autowired
	private SharedRoutes.Gates gates;

	@Autowired
	private BlockingSocketTestApplication.Routes routes;

	@Test
	void echoesTextMessagesInOrder() {
		try (SocketTestClient ws = connect("/echo")) {
			for (int i = 0; i < 100; i++) {
				ws.send("message " + i);
			}
			for (int i = 0; i < 100; i++) {
				assertThat(ws.receive()).isEqualTo("message " + i);
			}
		}
	}

	/**
	 * Bursts of three times the inbox's capacity, sent at once: reading pauses and resumes many times a
	 * burst, and a resume that lands just as the container finishes pausing must not leave frames it has already
	 * read waiting for more from the peer.
	 */
	@Test
	void burstsLargerThanTheInboxComeBackWholeAndInOrderEveryTime() {
		for (int burst = 0; burst < 100; burst++) {
			try (SocketTestClient ws = connect("/echo")) {
				for (int i = 0; i < 100; i++) {
					ws.send(burst + ":" + i);
				}
				for (int i = 0; i < 100; i++) {
					assertThat(ws.receive()).isEqualTo(burst + ":" + i);
				}
			}
		}
	}

	@Test
	void echoesTextAsTextAndBinaryAsBinary() {
		try (SocketTestClient ws = connect("/mixed")) {
			ws.send("text");
			ws.send(new byte[] { 1, 2, 3 });
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Text("text"));
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(new byte[] { 1, 2, 3 }));
		}
	}

	@Test
	void reassemblesMessagesTheContainerDeliversInParts() {
		String text = "x".repeat(60 * 1024);
		byte[] bytes = new byte[60 * 1024];
		IntStream.range(0, bytes.length).forEach((i) -> bytes[i] = (byte) i);
		try (SocketTestClient ws = connect("/mixed")) {
			ws.send(text);
			ws.send(bytes);
			assertThat(ws.receive()).isEqualTo(text);
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(bytes));
		}
	}

	@Test
	void echoesThroughSpringsStandardWebSocketClient() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocketSession session = new StandardWebSocketClient().execute(new TextWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				received.add(message.getPayload());
			}

		}, "ws://localhost:" + this.port + "/echo").get(10, TimeUnit.SECONDS);
		session.sendMessage(new TextMessage("from Spring"));
		assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("from Spring");
		session.close();
	}

	@Test
	void queuesMessagesThatArriveBeforeTheHandlerReads() {
		CountDownLatch gate = this.gates.gate("early");
		try (SocketTestClient ws = connect("/gated/early")) {
			for (int i = 0; i < 20; i++) {
				ws.send("early " + i);
			}
			gate.countDown();
			for (int i = 0; i < 20; i++) {
				assertThat(ws.receive()).isEqualTo("early " + i);
			}
		}
	}

	@Test
	void closesWith1000AfterDeliveringEverythingWhenTheHandlerReturns() {
		try (SocketTestClient ws = connect("/burst/500")) {
			for (int i = 0; i < 500; i++) {
				assertThat(ws.receive()).isEqualTo("message " + i);
			}
			assertThat(ws.receive()).isNull();
			assertThat(ws.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	@Test
	void closesWith1011AndLogsOnceWithTheRouteWhenTheHandlerThrows(CapturedOutput output) {
		try (SocketTestClient ws = connect("/fail")) {
			assertThat(ws.receive()).isEqualTo("about to fail");
			assertThat(ws.awaitClose().getCode()).isEqualTo(1011);
		}
		await().untilAsserted(() -> assertThat(output.getAll()).contains("Handler failure on purpose"));
		assertThat(output.getAll().split("Socket handler for route '/fail' failed \\(socket ", -1)).hasSize(2);
		try (SocketTestClient ws = connect("/echo")) {
			ws.send("still serving");
			assertThat(ws.receive()).isEqualTo("still serving");
		}
	}

	@Test
	void handlerClosesWithItsOwnCodeAndReason() {
		try (SocketTestClient ws = connect("/close-with")) {
			ws.send("reason");
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4001, "custom reason"));
		}
	}

	@Test
	void receiveOnABinaryMessageClosesWith1003() {
		try (SocketTestClient ws = connect("/text-only")) {
			ws.send("text is fine");
			assertThat(ws.receive()).isEqualTo("text is fine");
			ws.send(new byte[] { 1 });
			assertThat(ws.awaitClose().getCode()).isEqualTo(1003);
		}
	}

	@Test
	void receiveWithATimeoutReturnsNullAndLosesNothing() {
		try (SocketTestClient ws = connect("/timeout")) {
			assertThat(ws.receive()).isEqualTo("timed out, closed=false");
			ws.send("late");
			assertThat(ws.receive()).isEqualTo("got late");
		}
	}

	@Test
	void whenTheClientDropsTheConnectionReceiveReturnsNullAndTheThreadEnds() throws Exception {
		SocketTestClient ws = connect("/held?name=dropped");
		assertThat(ws.receive()).isEqualTo("ready");
		Thread handlerThread = this.held.threads.get("dropped");
		assertThat(handlerThread.isVirtual()).isTrue();
		ws.abort();
		assertThat(this.held.ended("dropped")
			.await(30, TimeUnit.SECONDS)).isTrue();
		handlerThread.join(10_000);
		assertThat(handlerThread.isAlive()).isFalse();
	}

	@Test
	void whenTheClientClosesReceiveReturnsNullAndTheThreadEnds() throws Exception {
		SocketTestClient ws = connect("/held?name=closed");
		assertThat(ws.receive()).isEqualTo("ready");
		ws.close();
		assertThat(this.held.ended("closed")
			.await(30, TimeUnit.SECONDS)).isTrue();
		Thread handlerThread = this.held.threads.get("closed");
		handlerThread.join(10_000);
		assertThat(handlerThread.isAlive()).isFalse();
	}

	@Test
	void typedPathVariablesArriveConverted() {
		try (SocketTestClient ws = connect("/vars/41/alice/docs/a%20b.txt")) {
			assertThat(ws.receive()).isEqualTo("42|alice|docs/a b.txt|41|41");
		}
		try (SocketTestClient ws = connect("/uuid/123e4567-e89b-12d3-a456-426614174000")) {
			assertThat(ws.receive()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
		}
	}

	@Test
	void aSegmentThatDoesNotConvertDoesNotMatchTheRoute() {
		assertThat(handshakeStatus("/vars/abc/alice/x")).isEqualTo(404);
		assertThat(handshakeStatus("/vars/99999999999/alice/x")).isEqualTo(404);
		assertThat(handshakeStatus("/uuid/not-a-uuid")).isEqualTo(404);
	}

	@Test
	void theHandlerSeesTheHandshakeContextOnAVirtualThread() {
		try (SocketTestClient ws = connect("/context?q=search%20term",
				Map.of("X-Demo", "header value", "Cookie", "flavour=chocolate; other=1"))) {
			assertThat(ws.receive()).isEqualTo("query=search term header=header value cookie=chocolate "
					+ "cookies=[flavour, other] path=/context principal=false session=false thread=true");
		}
	}

	@Test
	void plainHttpRequestsFallThroughToSpringMvc() throws Exception {
		HttpResponse<String> response = get("/echo");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("plain HTTP");
	}

	@Test
	void plainHttpRequestsToASocketPathWithoutAControllerGet426() throws Exception {
		HttpResponse<String> response = get("/mixed");
		assertThat(response.statusCode()).isEqualTo(426);
		assertThat(response.headers().firstValue("Upgrade")).hasValue("websocket");
		assertThat(response.body()).isEqualTo("This is a WebSocket endpoint: connect with a WebSocket client.\n");
	}

	@Test
	void oversizedMessagesCloseThatSocketWith1009AndTheServerKeepsServing() {
		try (SocketTestClient ws = connect("/mixed")) {
			ws.send("x".repeat(64 * 1024));
			assertThat(ws.receive()).hasSize(64 * 1024);
			ws.send("x".repeat(64 * 1024 + 1));
			assertThat(ws.awaitClose().getCode()).isEqualTo(1009);
		}
		try (SocketTestClient ws = connect("/mixed")) {
			ws.send(new byte[64 * 1024 + 1]);
			assertThat(ws.awaitClose().getCode()).isEqualTo(1009);
		}
		try (SocketTestClient ws = connect("/mixed")) {
			ws.send("still serving");
			assertThat(ws.receive()).isEqualTo("still serving");
		}
	}

	@Test
	void aCrossOriginHandshakeIsRefusedWith403UnlessTheOriginIsAllowed() {
		assertThat(handshakeStatus("/echo", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
		try (SocketTestClient ws = connect("/echo", Map.of("Origin", "https://allowed.example"))) {
			ws.send("allowed");
			assertThat(ws.receive()).isEqualTo("allowed");
		}
		try (SocketTestClient ws = connect("/echo", Map.of("Origin", "http://localhost:" + this.port))) {
			ws.send("same origin");
			assertThat(ws.receive()).isEqualTo("same origin");
		}
	}

	@Test
	void twoHundredConcurrentSocketsEchoTheirOwnMessages() {
		List<CompletableFuture<List<String>>> results = new ArrayList<>();
		ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
		for (int client = 0; client < 200; client++) {
			String name = "client-" + client;
			results.add(CompletableFuture.supplyAsync(() -> {
				try (SocketTestClient ws = connect("/echo")) {
					List<String> echoed = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						ws.send(name + ":" + i);
					}
					for (int i = 0; i < 20; i++) {
						echoed.add(ws.receive());
					}
					return echoed;
				}
			}, clients));
		}
		for (int client = 0; client < 200; client++) {
			String name = "client-" + client;
			assertThat(results.get(client).join())
				.containsExactlyElementsOf(IntStream.range(0, 20).mapToObj((i) -> name + ":" + i).toList());
		}
	}

	@Test
	void sendsFromOtherThreadsAreNeverInterleaved() throws Exception {
		try (SocketTestClient ws = connect("/echo")) {
			String large = "y".repeat(20_000);
			List<Thread> senders = IntStream.range(0, 4).mapToObj((t) -> Thread.ofVirtual().start(() -> {
				for (int i = 0; i < 25; i++) {
					ws.send(t + large);
				}
			})).toList();
			for (Thread sender : senders) {
				sender.join();
			}
			for (int i = 0; i < 100; i++) {
				assertThat(ws.receive()).hasSize(20_001).endsWith(large);
			}
		}
	}

	private SocketTestClient connect(String path) {
		return connect(path, Map.of());
	}

	private SocketTestClient connect(String path, Map<String, String> headers) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path), headers);
	}

	private int handshakeStatus(String path) {
		return handshakeStatus(path, Map.of());
	}

	private int handshakeStatus(String path, Map<String, String> headers) {
		CompletionException failure = assertThrows(CompletionException.class, () -> connect(path, headers));
		assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
		return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
	}

	private HttpResponse<String> get(String path) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
	}

}
