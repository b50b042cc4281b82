package io.flasksockets.sample;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx in front of two nodes of the sample app (profile {@code cluster}, Redis on 127.0.0.1:6379), with the
 * configuration docs/production.md gives: pages log in and chat through it, the same-origin check passes with
 * {@code server.forward-headers-strategy} and fails closed without it, a quiet socket outlives nginx's read timeout
 * thanks to the server's pings, and the pages of a node that stops reconnect through nginx to the other.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyIntegrationTests {

	private static final String[] BEHIND_PROXY = { "server.forward-headers-strategy=native",
			"flask-sockets.ping-interval=1s" };

	private static String namespace;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static Nginx nginx;

	@BeforeAll
	static void startNodesBehindNginx() throws IOException {
		SampleCluster.requireRedis();
		namespace = "proxy-test-" + UUID.randomUUID();
		nodeA = SampleCluster.node(namespace, BEHIND_PROXY);
		nodeB = SampleCluster.node(namespace, BEHIND_PROXY);
		nginx = Nginx.start(SampleNodes.port(nodeA), SampleNodes.port(nodeB), "3s");
	}

	@AfterAll
	static void stop() {
		nginx.close();
		nodeA.close();
		nodeB.close();
	}

	@Test
	void aliceAndBobLogInAndChatThroughTheProxy() throws IOException {
		try (ChatPage alice = ChatPage.desktop(proxy()).logIn("alice", "wonderland").join("proxied");
				ChatPage bob = ChatPage.phone(proxy()).logIn("bob", "builder").join("proxied")) {
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			alice.send("through nginx");
			await().until(() -> bob.messages().contains("alice: through nginx"));
		}
	}

	@Test
	void aQuietSocketOutlivesTheProxysReadTimeoutBecauseTheServerPings() {
		try (SocketTestClient quiet = SocketTestClient
			.connect(URI.create("ws://localhost:" + nginx.port() + "/echo"), Map.of("Origin", proxy()))) {
			// nginx closes a connection quiet for 3 s; the server pings every second
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> !quiet.isClosed());
			quiet.send("still here");
			assertThat(quiet.receive()).isEqualTo("still here");
		}
	}

	@Test
	void withoutForwardedHeadersTheSameOriginCheckFailsClosedAndTheLogSaysWhy(CapturedOutput output)
			throws IOException {
		try (ConfigurableApplicationContext direct = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "server.forward-headers-strategy=none")
			.run(); Nginx front = Nginx.start(SampleNodes.port(direct), SampleNodes.port(direct), "60s")) {
			String page = "http://localhost:" + front.port();
			assertThat(new Browser(front.port()).handshakeStatus("/echo", Map.of("Origin", page))).isEqualTo(403);
			assertThat(output).contains("Refused a handshake to '/echo' with 403: its Origin " + page)
				.contains("set server.forward-headers-strategy");
		}
		try (SocketTestClient proxied = SocketTestClient
			.connect(URI.create("ws://localhost:" + nginx.port() + "/echo"), Map.of("Origin", proxy()))) {
			proxied.send("same origin");
			assertThat(proxied.receive()).as("with the strategy, the same page's origin").isEqualTo("same origin");
		}
	}

	@ParameterizedTest
	@CsvSource({ "proxy_http_version, 400", "proxy_set_header Upgrade, 426" })
	void withoutTheLinesAHandshakeNeedsItIsRefused(String leftOut, int status) throws IOException {
		try (Nginx broken = Nginx.start(SampleNodes.port(nodeA), SampleNodes.port(nodeB), "60s", leftOut)) {
			assertThat(new Browser(broken.port()).handshakeStatus("/echo",
					Map.of("Origin", "http://localhost:" + broken.port())))
				.isEqualTo(status);
		}
	}

	@Test
	void thePageOfANodeThatStopsReconnectsThroughTheProxyToTheOther() throws IOException {
		try (ChatPage alice = ChatPage.desktop(proxy()).logIn("alice", "wonderland").join("failover")) {
			ConfigurableApplicationContext serving = (sockets(nodeA).count() > 0) ? nodeA : nodeB;
			ConfigurableApplicationContext other = (serving == nodeA) ? nodeB : nodeA;
			int port = SampleNodes.port(serving);
			serving.close();
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> sockets(other).count() == 1
						&& alice.status().equals("Connected to #failover"));
				alice.send("after the failover");
				await().until(() -> alice.messages().contains("alice: after the failover"));
			}
			finally {
				ConfigurableApplicationContext restarted = SampleCluster.node(namespace, BEHIND_PROXY[0],
						BEHIND_PROXY[1], "server.port=" + port);
				if (serving == nodeA) {
					nodeA = restarted;
				}
				else {
					nodeB = restarted;
				}
			}
		}
	}

	private static String proxy() {
		return "http://localhost:" + nginx.port();
	}

	private static Sockets sockets(ConfigurableApplicationContext node) {
		return node.getBean(Sockets.class);
	}

}
