package io.flasksockets.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app's meters at {@code /actuator/prometheus}, and its {@code sockets} endpoint, for admins only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorIntegrationTests {

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	private int port;

	@Test
	void prometheusScrapesTheSocketMetersByRoutePattern() throws Exception {
		try (Browser browser = new Browser(this.port); SocketTestClient ws = browser.connect("/echo/7")) {
			assertThat(ws.receive()).isEqualTo("id=7");
			ws.send("hello");
			assertThat(ws.receive()).isEqualTo("hello");
			await().untilAsserted(() -> assertThat(browser.get("/actuator/prometheus").body())
				.contains("flask_sockets_open{route=\"/echo/<int:id>\"}")
				.contains("flask_sockets_messages_total{direction=\"in\",route=\"/echo/<int:id>\"}")
				.contains("flask_sockets_messages_total{direction=\"out\",route=\"/echo/<int:id>\"}")
				.contains("flask_sockets_bytes_total{direction=\"in\",route=\"/echo/<int:id>\"}")
				.doesNotContain("route=\"/echo/7\""));
		}
	}

	@Test
	void theSocketsEndpointIsForAdminsOnly() throws Exception {
		try (Browser anonymous = new Browser(this.port); Browser alice = new Browser(this.port)) {
			assertThat(anonymous.get("/actuator/sockets").statusCode()).isEqualTo(401);
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			assertThat(alice.get("/actuator/sockets").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void anAdminListsSocketsAndClosesOneWithAReason() throws Exception {
		try (Browser admin = new Browser(this.port); Browser alice = new Browser(this.port)) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			assertThat(admin.login("admin", "sockets").statusCode()).isEqualTo(204);
			try (SocketTestClient ws = alice.connect("/secure/echo")) {
				assertThat(ws.receive()).isEqualTo("hello alice");
				JsonNode socket = aliceSocket(admin);
				assertThat(socket.get("route").asString()).isEqualTo("/secure/echo");
				HttpResponse<String> close = admin.send(HttpRequest.newBuilder(admin.http("/actuator/sockets/"
						+ socket.get("id").asString()))
					.header("Content-Type", "application/json")
					.header("X-XSRF-TOKEN", admin.cookie("XSRF-TOKEN"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"Account under review\", \"code\": 4001}")));
				assertThat(close.statusCode()).isEqualTo(204);
				assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4001, "Account under review"));
			}
		}
	}

	private static JsonNode aliceSocket(Browser admin) throws Exception {
		HttpResponse<String> sockets = admin.get("/actuator/sockets");
		assertThat(sockets.statusCode()).isEqualTo(200);
		for (JsonNode socket : json.readTree(sockets.body()).get("sockets")) {
			if ("alice".equals(socket.get("principal").asString())) {
				return socket;
			}
		}
		throw new AssertionError("No socket of alice in " + sockets.body());
	}

}
