package io.flasksockets.sample;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * WebSockets over HTTP/2 (RFC 8441) on Jetty, with TLS and {@code server.http2.enabled}: Chromium opens its
 * sockets on the page's one HTTP/2 connection, and a socket behaves there as over HTTP/1.1, which Jetty's own
 * WebSocket client shows by doing the same over each: sessions, origin checks, compression, size limits, pings and
 * close codes, and the same status for every handshake that a check refuses.
 */
class Http2OnJettyTests {

	private static final int PAGE_SOCKETS = 20;

	/**
	 * How long Jetty keeps a connection that carries nothing.
	 */
	private static final Duration CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(2);

	@TempDir
	static Path keys;

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void startAppOverTlsAndHttp2() throws Exception {
		app = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "server.jetty.connection-idle-timeout=" + CONNECTION_IDLE_TIMEOUT.toMillis() + "ms")
			.properties(TestCertificate.createIn(keys).serverProperties())
			.run();
		assertThat(app.getEnvironment().getProperty("local.server.port")).isNotNull();
		base = "https://localhost:" + SampleNodes.port(app);
	}

	@AfterAll
	static void stopApp() {
		app.close();
	}

	@Test
	void chromiumOpensItsSocketsOnThePagesOneHttp2Connection() throws Exception {
		try (ChatPage alice = ChatPage.desktop(base).logIn("alice", "wonderland").join("h2")) {
			assertThat(alice.script("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
				.isEqualTo("h2");
			assertThat(alice.webSocketHandshakeStatuses()).as("the chat's handshakes").isNotEmpty().containsOnly(200);
			// Chromium may keep a second connection for requests without credentials
			long connections = TcpConnections.establishedTo(SampleNodes.port(app));
			assertThat(connections).isBetween(1L, 2L);
			Object echoes = alice.asyncScript("""
					const done = arguments[arguments.length - 1];
					const echo = (n) => new Promise((resolve, reject) => {
						const socket = new WebSocket('wss://' + location.host + '/echo');
						socket.onopen = () => socket.send('message ' + n);
						socket.onmessage = (event) => resolve(event.data + ' with ' + socket.extensions.split(';')[0]);
						socket.onerror = () => reject('socket ' + n + ' failed');
					});
					Promise.all(Array.from({ length: %d }, (_, n) => echo(n))).then(done, (error) => done(String(error)));
					""".formatted(PAGE_SOCKETS));
			assertThat(echoes).isEqualTo(IntStream.range(0, PAGE_SOCKETS)
				.mapToObj((n) -> "message " + n + " with permessage-deflate")
				.toList());
			assertThat(alice.webSocketHandshakeStatuses()).as("RFC 8441's 200, not HTTP/1.1's 101")
				.hasSize(PAGE_SOCKETS)
				.containsOnly(200);
			assertThat(TcpConnections.establishedTo(SampleNodes.port(app)))
				.as("%d more sockets on the page's connections", PAGE_SOCKETS)
				.isLessThanOrEqualTo(connections);
			// Spring Security's principal and the chat over the same connection
			alice.send("over h2");
			await().until(() -> alice.messages().contains("alice: over h2"));
		}
	}

	@ParameterizedTest
	@EnumSource
	void aLoggedInSessionReachesTheSocket(Transport transport) throws Exception {
		try (Client client = Client.over(transport)) {
			assertThat(client.http.POST(base + "/login").param("name", "h2-" + transport).send().getStatus())
				.isEqualTo(204);
			Peer peer = client.connect("/whoami", new ClientUpgradeRequest());
			assertThat(peer.next()).isEqualTo("h2-" + transport);
		}
	}

	@ParameterizedTest
	@EnumSource
	void aSocketEchoesCompressedAnswersPingsAndCloses(Transport transport) throws Exception {
		try (Client client = Client.over(transport)) {
			ClientUpgradeRequest request = new ClientUpgradeRequest();
			request.addExtensions("permessage-deflate");
			Peer peer = client.connect("/echo", request);
			assertThat(peer.session.getUpgradeResponse().getExtensions()).extracting(ExtensionConfig::getName)
				.containsExactly("permessage-deflate");
			peer.session.sendText("x".repeat(10_000), Callback.NOOP);
			assertThat(peer.next()).hasSize(10_000);
			peer.session.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
			assertThat(peer.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("are you there");
			peer.session.close(4000, "done", Callback.NOOP);
			assertThat(peer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4000);
		}
	}

	@ParameterizedTest
	@EnumSource
	void aQuietSocketOutlivesTheConnectionsIdleTimeout(Transport transport) throws Exception {
		try (Client client = Client.over(transport)) {
			Peer peer = client.connect("/echo", new ClientUpgradeRequest());
			await().during(CONNECTION_IDLE_TIMEOUT.multipliedBy(2))
				.atMost(CONNECTION_IDLE_TIMEOUT.multipliedBy(3))
				.until(() -> !peer.closed.isDone());
			peer.session.sendText("still here", Callback.NOOP);
			assertThat(peer.next()).isEqualTo("still here");
		}
	}

	@ParameterizedTest
	@EnumSource
	void aMessageOverTheLimitClosesWith1009(Transport transport) throws Exception {
		try (Client client = Client.over(transport)) {
			Peer peer = client.connect("/echo", new ClientUpgradeRequest());
			peer.session.sendText("x".repeat(64 * 1024 + 1), Callback.NOOP);
			assertThat(peer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
		}
	}

	@Test
	void theConnectionLimitsCountSocketsOverHttp2() throws Exception {
		try (ConfigurableApplicationContext limited = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "flask-sockets.max-connections-per-address=2")
			.properties(TestCertificate.createIn(keys.resolve("limited")).serverProperties())
			.run(); Client client = Client.over(Transport.HTTP_2)) {
			String limitedBase = "https://localhost:" + SampleNodes.port(limited);
			Peer first = client.connect(limitedBase, "/echo", new ClientUpgradeRequest());
			client.connect(limitedBase, "/echo", new ClientUpgradeRequest());
			assertThat(client.refusal(limitedBase, "/echo", new ClientUpgradeRequest())).as("a third from one address")
				.isEqualTo(503);
			first.session.close(1000, "done", Callback.NOOP);
			assertThat(first.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
			// The closed socket's slot comes back once its handler has finished
			await().ignoreExceptionsInstanceOf(ExecutionException.class)
				.until(() -> client.connect(limitedBase, "/echo", new ClientUpgradeRequest()) != null);
		}
	}

	@Test
	void aRefusedHandshakeGetsTheSameStatusOverHttp2AsOverHttp11() throws Exception {
		try (Client h2 = Client.over(Transport.HTTP_2); Client h11 = Client.over(Transport.HTTP_1_1)) {
			for (Client client : List.of(h2, h11)) {
				ClientUpgradeRequest crossOrigin = new ClientUpgradeRequest();
				crossOrigin.setHeader("Origin", "https://elsewhere.example");
				assertThat(client.refusal("/echo", crossOrigin)).as("cross-origin").isEqualTo(403);
				assertThat(client.refusal("/secure/echo", new ClientUpgradeRequest())).as("not logged in")
					.isEqualTo(401);
				assertThat(client.refusal("/echo/not-a-number", new ClientUpgradeRequest())).as("no route")
					.isEqualTo(404);
			}
		}
	}

	/**
	 * How Jetty's client reaches the server.
	 */
	enum Transport {

		HTTP_1_1, HTTP_2

	}

	/**
	 * Jetty's WebSocket client over one transport, trusting any certificate, with a cookie store shared by its
	 * plain requests and its sockets.
	 */
	private static final class Client implements AutoCloseable {

		private final HttpClient http;

		private final WebSocketClient sockets;

		private Client(HttpClient http) throws Exception {
			this.http = http;
			this.sockets = new WebSocketClient(http);
			this.sockets.start();
		}

		static Client over(Transport transport) throws Exception {
			ClientConnector connector = new ClientConnector();
			connector.setSslContextFactory(new SslContextFactory.Client(true));
			return new Client(new HttpClient((transport == Transport.HTTP_2)
					? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
					: new HttpClientTransportOverHTTP(connector)));
		}

		Peer connect(String path, ClientUpgradeRequest request) throws Exception {
			return connect(base, path, request);
		}

		Peer connect(String server, String path, ClientUpgradeRequest request) throws Exception {
			Peer peer = new Peer();
			URI uri = URI.create(server.replace("https://", "wss://") + path);
			peer.session = this.sockets.connect(peer, uri, request).get(10, TimeUnit.SECONDS);
			return peer;
		}

		int refusal(String path, ClientUpgradeRequest request) {
			return refusal(base, path, request);
		}

		int refusal(String server, String path, ClientUpgradeRequest request) {
			Throwable failure = catchThrowable(() -> connect(server, path, request));
			assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeException.class);
			return ((UpgradeException) failure.getCause()).getResponseStatusCode();
		}

		@Override
		public void close() throws Exception {
			this.sockets.stop();
		}

	}

	/**
	 * One socket's side in the test: what it received, the pongs it got and how it was closed.
	 */
	public static final class Peer implements Session.Listener.AutoDemanding {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private Session session;

		@Override
		public void onWebSocketText(String message) {
			this.messages.add(message);
		}

		@Override
		public void onWebSocketPong(ByteBuffer payload) {
			this.pongs.add(StandardCharsets.UTF_8.decode(payload).toString());
		}

		@Override
		public void onWebSocketClose(int statusCode, String reason) {
			this.closed.complete(statusCode);
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
