package io.flasksockets.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.flasksockets.Message;
import io.flasksockets.test.AutoConfigureSocketTestClient;
import io.flasksockets.test.SocketTestClient;
import io.flasksockets.test.SocketTestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application's contract, over real HTTP and real sockets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketTestClient
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SocketTestClients sockets;

	@Test
	void rootSaysHelloWorld() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(http("/")).build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello World!");
	}

	@Test
	void echoReturnsTextAsTextAndBinaryAsBinaryUntilTheClientCloses() {
		try (SocketTestClient ws = connect("/echo")) {
			ws.send("hello");
			ws.send(new byte[] { 0, 1, 2, (byte) 255 });
			ws.send("again");
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Text("hello"));
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(new byte[] { 0, 1, 2, (byte) 255 }));
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Text("again"));
			ws.close();
			assertThat(ws.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	@Test
	void echoWorksWithSpringsStandardWebSocketClient() throws Exception {
		BlockingQueue<WebSocketMessage<?>> received = new LinkedBlockingQueue<>();
		WebSocketSession session = new StandardWebSocketClient().execute(new AbstractWebSocketHandler() {

			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
				received.add(message);
			}

		}, "ws://localhost:" + this.port + "/echo").get(10, TimeUnit.SECONDS);
		session.sendMessage(new BinaryMessage(new byte[] { 7, 8, 9 }));
		assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new BinaryMessage(new byte[] { 7, 8, 9 }));
		session.close();
	}

	@Test
	void blueprintServesTheSameEchoUnderItsPrefix() {
		try (SocketTestClient ws = connect("/ws/echo")) {
			ws.send("through the blueprint");
			assertThat(ws.receive()).isEqualTo("through the blueprint");
			ws.send(new byte[] { 42 });
			assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(new byte[] { 42 }));
		}
	}

	@Test
	void numberedEchoSendsItsIdThenEchoes() {
		try (SocketTestClient ws = connect("/echo/42")) {
			assertThat(ws.receive()).isEqualTo("id=42");
			ws.send("after the id");
			assertThat(ws.receive()).isEqualTo("after the id");
		}
	}

	@Test
	void numberedEchoDoesNotMatchANonNumericId() {
		CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
				() -> connect("/echo/abc"));
		assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(404);
	}

	@Test
	void plainHttpToTheEchoSocketGets426() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(http("/echo")).build());
		assertThat(response.statusCode()).isEqualTo(426);
		assertThat(response.body()).isNotBlank();
	}

	@Test
	void whoamiSeesTheUserTheAjaxLoginStoredInTheSession() throws Exception {
		HttpResponse<String> login = demoLogin("alice", Map.of());
		assertThat(login.statusCode()).isEqualTo(204);
		HttpHeaders loginHeaders = new HttpHeaders();
		login.headers().map().forEach(loginHeaders::addAll);
		try (SocketTestClient ws = this.sockets.withCookies(loginHeaders).connect("/whoami")) {
			assertThat(ws.receive()).isEqualTo("alice");
			assertThat(ws.receive()).isNull();
			assertThat(ws.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	@Test
	void theDemoLoginGivesTheSessionANewId() throws Exception {
		String planted = sessionCookie(demoLogin("alice", Map.of()));
		String afterLogin = sessionCookie(demoLogin("mallory", Map.of("Cookie", planted)));
		assertThat(afterLogin).isNotEqualTo(planted);
		try (SocketTestClient ws = connect("/whoami", Map.of("Cookie", planted))) {
			assertThat(ws.receive()).isEqualTo("anonymous");
		}
		try (SocketTestClient ws = connect("/whoami", Map.of("Cookie", afterLogin))) {
			assertThat(ws.receive()).isEqualTo("mallory");
		}
	}

	/**
	 * Post Flask-Sockets' demo login.
	 */
	private HttpResponse<String> demoLogin(String name, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(http("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("name=" + name));
		headers.forEach(request::header);
		return send(request.build());
	}

	private static String sessionCookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("JSESSIONID="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
	}

	@Test
	void whoamiIsAnonymousWithoutASession() {
		try (SocketTestClient ws = connect("/whoami")) {
			assertThat(ws.receive()).isEqualTo("anonymous");
			assertThat(ws.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	private URI http(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private SocketTestClient connect(String path) {
		return connect(path, Map.of());
	}

	private SocketTestClient connect(String path, Map<String, String> headers) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path), headers);
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
