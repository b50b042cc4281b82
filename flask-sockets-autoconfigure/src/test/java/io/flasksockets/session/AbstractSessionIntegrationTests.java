package io.flasksockets.session;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's live view of its HTTP session, over real HTTP and real sockets sharing one cookie jar. Subclasses run
 * it over the servlet container's sessions and over Spring Session.
 */
abstract class AbstractSessionIntegrationTests {

	@LocalServerPort
	private int port;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(this.cookies).build();

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	@Test
	void theSocketSeesWhatHttpWritesAfterTheHandshake() throws Exception {
		createSession(60);
		try (SocketTestClient ws = connect()) {
			ws.send("get:color");
			assertThat(ws.receive()).isEqualTo("null");
			post("/session/color?value=blue");
			ws.send("get:color");
			assertThat(ws.receive()).isEqualTo("blue");
		}
	}

	@Test
	void httpSeesWhatTheSocketWrites() throws Exception {
		createSession(60);
		try (SocketTestClient ws = connect()) {
			ws.send("set:shape=circle");
			assertThat(ws.receive()).isEqualTo("ok");
			assertThat(get("/session/shape")).isEqualTo("circle");
		}
	}

	@Test
	void invalidatingTheSessionClosesItsSocketsWith1008() throws Exception {
		createSession(60);
		try (SocketTestClient ws = connect(); SocketTestClient other = connect()) {
			ws.send("exists");
			assertThat(ws.receive()).isEqualTo("exists=true id=true");
			post("/session/invalidate");
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1008, "HTTP session invalidated"));
			assertThat(other.awaitClose()).isEqualTo(new CloseStatus(1008, "HTTP session invalidated"));
		}
	}

	@Test
	void anExpiredSessionClosesItsSocketWith1008() throws Exception {
		createSession(1);
		try (SocketTestClient ws = connect()) {
			assertThat(ws.withTimeout(Duration.ofSeconds(20)).awaitClose())
				.isEqualTo(new CloseStatus(1008, "HTTP session expired"));
		}
		assertThat(get("/session/anything")).isEqualTo("no session");
	}

	@Test
	void trafficKeepsTheSessionAlivePastItsTimeout() throws Exception {
		createSession(2);
		post("/session/kept?value=alive");
		try (SocketTestClient ws = connect()) {
			Instant end = Instant.now().plusSeconds(5);
			while (Instant.now().isBefore(end)) {
				ws.send("wait:250");
				assertThat(ws.receive()).isEqualTo("waited");
			}
			ws.send("get:kept");
			assertThat(ws.receive()).isEqualTo("alive");
		}
		assertThat(get("/session/kept")).isEqualTo("alive");
	}

	@Test
	void withoutASessionTheViewIsEmptyAndCannotBeWritten() {
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/session-socket"))) {
			ws.send("exists");
			assertThat(ws.receive()).isEqualTo("exists=false id=false");
			ws.send("get:anything");
			assertThat(ws.receive()).isEqualTo("null");
			ws.send("set:a=b");
			assertThat(ws.awaitClose().getCode()).isEqualTo(1011);
		}
	}

	/**
	 * Create a session with the given timeout.
	 * @return its id
	 */
	String createSession(int timeoutSeconds) throws Exception {
		return post("/session?timeout=" + timeoutSeconds);
	}

	SocketTestClient connect() {
		String cookie = this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map((each) -> each.getName() + "=" + each.getValue())
			.collect(Collectors.joining("; "));
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/session-socket"),
				Map.of("Cookie", cookie));
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(http(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private String post(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(http(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private URI http(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
