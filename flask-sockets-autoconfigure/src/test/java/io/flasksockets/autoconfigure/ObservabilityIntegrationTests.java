package io.flasksockets.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.flasksockets.Message;
import io.flasksockets.test.AutoConfigureSocketTestClient;
import io.flasksockets.test.SocketTestClient;
import io.flasksockets.test.SocketTestClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Micrometer meters and the {@code sockets} actuator endpoint, over real sockets and real HTTP.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=sockets", "flask-sockets.send-buffer-limit=4KB" })
@AutoConfigureSocketTestClient
class ObservabilityIntegrationTests {

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private SocketTestClients sockets;

	@Autowired
	private MeterRegistry registry;

	@Test
	void countsMessagesAndBytesBothWaysAndSocketsOpenedAndClosed() {
		await().until(() -> gauge("flask.sockets.open", "/echo") == 0);
		Counts before = new Counts();
		try (SocketTestClient ws = this.sockets.connect("/echo")) {
			ws.send("hi");
			ws.send("héllo");
			assertThat(ws.receive()).isEqualTo("hi");
			assertThat(ws.receive()).isEqualTo("héllo");
			assertThat(gauge("flask.sockets.open", "/echo")).isEqualTo(1);
			// A message is counted out once its write returns, which may be after the peer has it
			await().untilAsserted(() -> {
				Counts during = new Counts();
				assertThat(during.messagesIn - before.messagesIn).isEqualTo(2);
				assertThat(during.messagesOut - before.messagesOut).isEqualTo(2);
				assertThat(during.bytesIn - before.bytesIn).isEqualTo(8);
				assertThat(during.bytesOut - before.bytesOut).isEqualTo(8);
				assertThat(during.opened - before.opened).isEqualTo(1);
			});
		}
		await().untilAsserted(() -> {
			assertThat(new Counts().closedNormally - before.closedNormally).isEqualTo(1);
			assertThat(gauge("flask.sockets.open", "/echo")).isZero();
		});
	}

	@Test
	void countsTheBytesOfBinaryMessagesBothWays() {
		double in = count("flask.sockets.bytes", "/bytes", "direction", "in");
		double out = count("flask.sockets.bytes", "/bytes", "direction", "out");
		try (SocketTestClient ws = this.sockets.connect("/bytes")) {
			ws.send(new byte[1000]);
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(new byte[1000]));
			await().untilAsserted(() -> {
				assertThat(count("flask.sockets.bytes", "/bytes", "direction", "in") - in).isEqualTo(1000);
				assertThat(count("flask.sockets.bytes", "/bytes", "direction", "out") - out).isEqualTo(1000);
			});
		}
	}

	@Test
	void countsPeersCutOffAtTheSendBufferLimit() {
		double cutOff = count("flask.sockets.send.limit.exceeded", "/flood");
		try (SocketTestClient ws = this.sockets.connect("/flood")) {
			assertThat(ws.awaitClose().getCode()).isEqualTo(4500);
		}
		await().untilAsserted(() -> {
			assertThat(count("flask.sockets.send.limit.exceeded", "/flood") - cutOff).isEqualTo(1);
			assertThat(count("flask.sockets.closed", "/flood", "code", "4500")).isPositive();
		});
	}

	@Test
	void tagsWithTheRoutesPatternNeverTheConcretePath() {
		double before = count("flask.sockets.opened", "/rooms/<room>");
		for (String room : new String[] { "red", "blue" }) {
			try (SocketTestClient ws = this.sockets.connect("/rooms/" + room)) {
				assertThat(ws.receive()).isEqualTo(room);
			}
		}
		assertThat(count("flask.sockets.opened", "/rooms/<room>") - before).isEqualTo(2);
		assertThat(this.registry.find("flask.sockets.opened").tag("route", "/rooms/red").counter()).isNull();
	}

	@Test
	void countsHandlerFailuresAndRefusedHandshakes() {
		double failures = count("flask.sockets.errors", "/fail", "exception", "IllegalStateException");
		try (SocketTestClient ws = this.sockets.connect("/fail")) {
			assertThat(ws.awaitClose().getCode()).isEqualTo(CloseStatus.SERVER_ERROR.getCode());
		}
		await().until(() -> count("flask.sockets.errors", "/fail", "exception", "IllegalStateException")
				- failures == 1 && count("flask.sockets.closed", "/fail", "code", "1011") > 0);
		double forbidden = count("flask.sockets.handshakes.refused", "/echo", "status", "403");
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.sockets.withHeader("Origin", "https://elsewhere.example").connect("/echo"));
		assertThat(count("flask.sockets.handshakes.refused", "/echo", "status", "403") - forbidden).isEqualTo(1);
		double unavailable = count("flask.sockets.handshakes.refused", "/single", "status", "503");
		try (SocketTestClient first = this.sockets.connect("/single")) {
			assertThat(first.receive()).isEqualTo("ready");
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> this.sockets.connect("/single"));
			assertThat(count("flask.sockets.handshakes.refused", "/single", "status", "503") - unavailable)
				.isEqualTo(1);
		}
	}

	@Test
	void theEndpointListsRoutesWithTheirLimitsAndOpenSockets() throws Exception {
		try (SocketTestClient ws = this.sockets.connect("/echo")) {
			ws.send("hi");
			assertThat(ws.receive()).isEqualTo("hi");
			JsonNode sockets = get("/actuator/sockets");
			JsonNode echo = find(sockets.get("routes"), "pattern", "/echo");
			assertThat(echo.get("open").asInt()).isEqualTo(1);
			assertThat(echo.get("maxTextMessageSize").asInt()).isEqualTo(64 * 1024);
			assertThat(find(sockets.get("routes"), "pattern", "/single").get("maxConnections").asInt()).isEqualTo(1);
			JsonNode socket = find(sockets.get("sockets"), "route", "/echo");
			assertThat(socket.get("rooms").get(0).asString()).isEqualTo("lobby");
			assertThat(socket.get("messagesIn").asLong()).isEqualTo(1);
			await().untilAsserted(() -> assertThat(
					find(get("/actuator/sockets").get("sockets"), "route", "/echo").get("messagesOut").asLong())
				.isEqualTo(1));
			assertThat(socket.get("remoteAddress").asString()).startsWith("127.0.0.1:");
			assertThat(get("/actuator/sockets/" + socket.get("id").asString()).get("route").asString())
				.isEqualTo("/echo");
		}
	}

	@Test
	void theEndpointClosesASocketByIdWithAReason() throws Exception {
		try (SocketTestClient ws = this.sockets.connect("/echo")) {
			ws.send("hi");
			assertThat(ws.receive()).isEqualTo("hi");
			String id = find(get("/actuator/sockets").get("sockets"), "route", "/echo").get("id").asString();
			assertThat(post("/actuator/sockets/unknown", Map.of("reason", "Bye")).statusCode()).isEqualTo(404);
			assertThat(post("/actuator/sockets/" + id, Map.of("reason", "Bye", "code", 1005)).statusCode())
				.isEqualTo(400);
			assertThat(post("/actuator/sockets/" + id, Map.of("reason", "Maintenance", "code", 4000)).statusCode())
				.isEqualTo(204);
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4000, "Maintenance"));
		}
		try (SocketTestClient ws = this.sockets.connect("/echo")) {
			ws.send("hi");
			assertThat(ws.receive()).isEqualTo("hi");
			String id = find(get("/actuator/sockets").get("sockets"), "route", "/echo").get("id").asString();
			assertThat(post("/actuator/sockets/" + id, Map.of("reason", "Bye")).statusCode()).isEqualTo(204);
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1000, "Bye"));
		}
		assertThat(get("/actuator/sockets/unknown")).isNull();
	}

	private double gauge(String name, String route) {
		Gauge gauge = this.registry.find(name).tag("route", route).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	private double count(String name, String route, String... tags) {
		Counter counter = this.registry.find(name).tag("route", route).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * The counters of the {@code /echo} route at one moment.
	 */
	private final class Counts {

		final double messagesIn = count("flask.sockets.messages", "/echo", "direction", "in");

		final double messagesOut = count("flask.sockets.messages", "/echo", "direction", "out");

		final double bytesIn = count("flask.sockets.bytes", "/echo", "direction", "in");

		final double bytesOut = count("flask.sockets.bytes", "/echo", "direction", "out");

		final double opened = count("flask.sockets.opened", "/echo");

		final double closedNormally = count("flask.sockets.closed", "/echo", "code", "1000");

	}

	private JsonNode find(JsonNode array, String field, String value) {
		for (JsonNode element : array) {
			if (value.equals(element.get(field).asString())) {
				return element;
			}
		}
		throw new AssertionError("No element with " + field + " " + value + " in " + array);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 404) ? null : json.readTree(response.body());
	}

	private HttpResponse<String> post(String path, Map<String, Object> body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
