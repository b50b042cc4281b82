package io.flasksockets.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ajax-login-then-socket story with Spring Security: real HTTP and real sockets sharing one cookie jar.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SecurityIntegrationTests {

	@LocalServerPort
	private int port;

	private Browser browser;

	@BeforeEach
	void openBrowser() {
		this.browser = new Browser(this.port);
	}

	@AfterEach
	void closeBrowser() {
		this.browser.close();
	}

	@Test
	void getSetsTheCsrfCookieAndLoginWithoutTheHeaderIsForbidden() throws Exception {
		assertThat(get("/").statusCode()).isEqualTo(200);
		assertThat(cookie("XSRF-TOKEN")).isNotNull();
		HttpResponse<String> login = send(HttpRequest.newBuilder(http("/auth/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wonderland")));
		assertThat(login.statusCode()).isEqualTo(403);
	}

	@Test
	void badCredentialsGet401() throws Exception {
		assertThat(login("alice", "not-the-password").statusCode()).isEqualTo(401);
	}

	@Test
	void aLoggedInUsersSocketGreetsThemThroughMethodSecurity() throws Exception {
		assertThat(login("alice", "wonderland").statusCode()).isEqualTo(204);
		try (SocketTestClient ws = connect("/secure/echo")) {
			assertThat(ws.receive()).isEqualTo("hello alice");
			ws.send("secret");
			assertThat(ws.receive()).isEqualTo("secret");
		}
	}

	@Test
	void withoutLoginTheSecureSocketIsRefusedWith401AndNoUpgrade() throws Exception {
		get("/");
		assertThat(handshakeStatus("/secure/echo", Map.of("Cookie", cookieHeader()))).isEqualTo(401);
		assertThat(handshakeStatus("/secure/session", Map.of())).isEqualTo(401);
	}

	@Test
	void theSocketSeesWhatHttpWritesToTheSessionAndHttpSeesWhatTheSocketWrites() throws Exception {
		assertThat(login("bob", "builder").statusCode()).isEqualTo(204);
		try (SocketTestClient ws = connect("/secure/session")) {
			ws.send("get");
			assertThat(ws.receive()).isEmpty();
			assertThat(send(HttpRequest.newBuilder(http("/secure/note"))
				.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
				.POST(HttpRequest.BodyPublishers.ofString("written over HTTP"))).statusCode()).isEqualTo(200);
			ws.send("get");
			assertThat(ws.receive()).isEqualTo("written over HTTP");
			ws.send("written by the socket");
			ws.send("get");
			assertThat(ws.receive()).isEqualTo("written by the socket");
			assertThat(get("/secure/note").body()).isEqualTo("written by the socket");
		}
	}

	@Test
	void logoutClosesTheSessionsSocketsWith1008() throws Exception {
		assertThat(login("alice", "wonderland").statusCode()).isEqualTo(204);
		try (SocketTestClient ws = connect("/secure/echo")) {
			assertThat(ws.receive()).isEqualTo("hello alice");
			HttpResponse<String> logout = send(HttpRequest.newBuilder(http("/auth/logout"))
				.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
				.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(logout.statusCode()).isEqualTo(204);
			assertThat(ws.awaitClose().getCode()).isEqualTo(1008);
		}
		assertThat(get("/secure/note").statusCode()).isEqualTo(401);
	}

	@Test
	void aLoginThatGivesTheSessionANewIdClosesSocketsOpenedUnderTheOldOne() throws Exception {
		assertThat(send(HttpRequest.newBuilder(http("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("name=guest"))).statusCode()).isEqualTo(204);
		try (SocketTestClient ws = connect("/ws/echo")) {
			ws.send("before login");
			assertThat(ws.receive()).isEqualTo("before login");
			assertThat(login("alice", "wonderland").statusCode()).isEqualTo(204);
			assertThat(ws.awaitClose().getCode()).isEqualTo(1008);
		}
	}

	@Test
	void theDemoLoginRefusesANameTooLongToKeepInASession() throws Exception {
		assertThat(send(HttpRequest.newBuilder(http("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("name=" + "x".repeat(65)))).statusCode()).isEqualTo(400);
		assertThat(send(HttpRequest.newBuilder(http("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("name=" + "x".repeat(64)))).statusCode()).isEqualTo(204);
	}

	@Test
	void aCrossOriginHandshakeIsRefusedWith403() {
		assertThat(handshakeStatus("/echo", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/echo"),
				Map.of("Origin", "http://localhost:" + this.port))) {
			ws.send("same origin");
			assertThat(ws.receive()).isEqualTo("same origin");
		}
	}

	@Test
	void aForgedSessionIdIsAnAnonymousSession() {
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/whoami"),
				Map.of("Cookie", "JSESSIONID=0123456789ABCDEF0123456789ABCDEF"))) {
			assertThat(ws.receive()).isEqualTo("anonymous");
		}
		assertThat(handshakeStatus("/secure/echo", Map.of("Cookie", "JSESSIONID=0123456789ABCDEF0123456789ABCDEF")))
			.isEqualTo(401);
	}

	@Test
	void aMalformedCookieHeaderIsIgnored() {
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/whoami"),
				Map.of("Cookie", ";;=;JSESSIONID;\"unbalanced=; =="))) {
			assertThat(ws.receive()).isEqualTo("anonymous");
		}
	}

	@Test
	void anOversizedHeaderGetsAClientErrorAndTheServerKeepsServing() {
		int status = handshakeStatus("/echo", Map.of("X-Padding", "x".repeat(64 * 1024)));
		assertThat(status).isBetween(400, 499);
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/echo"))) {
			ws.send("still serving");
			assertThat(ws.receive()).isEqualTo("still serving");
		}
	}

	private HttpResponse<String> login(String username, String password) throws Exception {
		return this.browser.login(username, password);
	}

	private SocketTestClient connect(String path) {
		return this.browser.connect(path);
	}

	private int handshakeStatus(String path, Map<String, String> headers) {
		return this.browser.handshakeStatus(path, headers);
	}

	private String cookie(String name) {
		return this.browser.cookie(name);
	}

	private String cookieHeader() {
		return this.browser.cookieHeader();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.browser.get(path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.browser.send(request);
	}

	private URI http(String path) {
		return this.browser.http(path);
	}

}
