package io.flasksockets.session;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A logout closes the session's sockets on the node that handles it at once, with a Spring Session store that
 * publishes no events and sessions checked only once an hour: nothing but the invalidation itself can close them.
 */
@SpringBootTest(classes = { SessionTestApplication.class, InvalidationIntegrationTests.MapSessions.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "flask-sockets.session-check-interval=1h")
class InvalidationIntegrationTests {

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(this.cookies).build();

	@LocalServerPort
	private int port;

	@Test
	void invalidatingTheSessionInARequestClosesItsSocketsAtOnce() throws Exception {
		post("/session?timeout=3600");
		String cookie = this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map((each) -> each.getName() + "=" + each.getValue())
			.collect(Collectors.joining("; "));
		try (SocketTestClient ws = SocketTestClient
			.connect(URI.create("ws://localhost:" + this.port + "/session-socket"), Map.of("Cookie", cookie))) {
			ws.send("exists");
			assertThat(ws.receive()).isEqualTo("exists=true id=true");
			post("/session/invalidate");
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1008, "HTTP session invalidated"));
		}
	}

	private void post(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class MapSessions {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
