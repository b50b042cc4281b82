package io.flasksockets.session;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.flasksockets.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.events.SessionDeletedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * What sockets ask of a shared session store: nothing for a handshake refused by its origin, one read per session
 * per check interval however many sockets share it, and patience while the store is down. The store counts its
 * reads and can be made to fail.
 */
@SpringBootTest(classes = { SessionTestApplication.class, SessionStoreIntegrationTests.CountingSessions.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "flask-sockets.session-check-interval=300ms")
@ExtendWith(OutputCaptureExtension.class)
class SessionStoreIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private CountingRepository store;

	@Autowired
	private ApplicationEventPublisher events;

	private final List<SocketTestClient> clients = new ArrayList<>();

	private final List<HttpClient> browsers = new ArrayList<>();

	@AfterEach
	void closeEverything() {
		this.clients.forEach(SocketTestClient::abort);
		this.browsers.forEach(HttpClient::close);
		this.store.failing = false;
	}

	@Test
	void aCrossOriginHandshakeIsRefusedBeforeTheStoreIsRead() throws Exception {
		String cookie = login();
		String session = this.store.lastCreated;
		int reads = this.store.readsOf(session);
		CompletionException refused = catchThrowableOfType(CompletionException.class,
				() -> SocketTestClient.connect(uri("ws", "/session-socket"),
						Map.of("Cookie", cookie, "Origin", "https://attacker.example")));
		assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
		assertThat(this.store.readsOf(session)).isEqualTo(reads);
	}

	/**
	 * Two thousand sockets on twenty sessions (a fifth of a 10,000-socket node: client and server share this
	 * process's 20,000 file descriptors): each check interval reads each session once, not each socket's.
	 */
	@Test
	void theStoreIsReadOncePerSessionPerIntervalHoweverManySocketsShareIt() throws Exception {
		for (int session = 0; session < 20; session++) {
			String cookie = login();
			for (int socket = 0; socket < 100; socket++) {
				this.clients.add(connect(cookie));
			}
		}
		int start = this.store.reads.get();
		// Three intervals of 300 ms at most in any 1 s, 20 sessions each
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> this.store.reads.get() - start <= 4 * 20);
		assertThat(this.store.reads.get() - start).as("sessions were checked").isGreaterThanOrEqualTo(20);
	}

	@Test
	void whileTheStoreIsDownSocketsStayOpenTheOutageIsLoggedOnceAndTheChecksGoOn(CapturedOutput output)
			throws Exception {
		String cookie = login();
		SocketTestClient first = connect(cookie);
		SocketTestClient second = connect(cookie);
		this.clients.addAll(List.of(first, second));
		this.store.failing = true;
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> !first.isClosed() && !second.isClosed());
		assertThat(output).containsOnlyOnce("Cannot check whether HTTP sessions have ended");
		this.store.failing = false;
		this.store.deleteById(this.store.lastCreated);
		assertThat(first.awaitClose().getCode()).isEqualTo(1008);
		assertThat(second.awaitClose().getCode()).isEqualTo(1008);
	}

	@Test
	void aSessionDeletedEventClosesItsSocketsAtOnce() throws Exception {
		String cookie = login();
		SocketTestClient ws = connect(cookie);
		this.clients.add(ws);
		ws.send("exists");
		assertThat(ws.receive()).isEqualTo("exists=true id=true");
		// The session stays in the store: only the event can close the socket
		this.events.publishEvent(new SessionDeletedEvent(this, this.store.findById(this.store.lastCreated)));
		assertThat(ws.awaitClose().getCode()).isEqualTo(1008);
	}

	private String login() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
		this.browsers.add(browser);
		HttpResponse<String> response = browser.send(
				HttpRequest.newBuilder(uri("http", "/session?timeout=600")).POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	private SocketTestClient connect(String cookie) {
		return SocketTestClient.connect(uri("ws", "/session-socket"), Map.of("Cookie", cookie));
	}

	private URI uri(String scheme, String path) {
		return URI.create(scheme + "://localhost:" + this.port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class CountingSessions {

		@Bean
		CountingRepository sessionRepository() {
			return new CountingRepository();
		}

	}

	/**
	 * A session store that counts its reads and can be made unreachable.
	 */
	static class CountingRepository implements SessionRepository<MapSession> {

		private final MapSessionRepository delegate = new MapSessionRepository(new ConcurrentHashMap<>());

		final AtomicInteger reads = new AtomicInteger();

		private final Map<String, AtomicInteger> readsById = new ConcurrentHashMap<>();

		volatile boolean failing;

		volatile String lastCreated = "";

		@Override
		public MapSession createSession() {
			MapSession session = this.delegate.createSession();
			this.lastCreated = session.getId();
			return session;
		}

		@Override
		public void save(MapSession session) {
			this.delegate.save(session);
		}

		@Override
		public @Nullable MapSession findById(String id) {
			if (this.failing) {
				throw new IllegalStateException("Session store unreachable on purpose");
			}
			this.reads.incrementAndGet();
			this.readsById.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return this.delegate.findById(id);
		}

		int readsOf(String id) {
			AtomicInteger count = this.readsById.get(id);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

	}

}
