package io.flasksockets.sample;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app over TLS, with {@code server.ssl} and a self-signed certificate made for the test, and HTTP/2 on:
 * the chat page in Chromium loads over HTTP/2, logs in and chats over {@code wss://} (on Tomcat, which does not
 * offer WebSockets over HTTP/2, the socket's connection falls back to HTTP/1.1), and Debian's
 * {@code python3-websockets} echoes through it, trusting that certificate.
 */
class TlsIntegrationTests {

	@TempDir
	static Path keys;

	private static TestCertificate certificate;

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void startAppOverTls() throws Exception {
		certificate = TestCertificate.createIn(keys);
		app = new SpringApplicationBuilder(SampleApplication.class).properties("server.port=0")
			.properties(certificate.serverProperties())
			.run();
		base = "https://localhost:" + SampleNodes.port(app);
	}

	@AfterAll
	static void stopApp() {
		app.close();
	}

	@Test
	void aliceAndBobLogInAndChatOverWss() throws IOException {
		try (ChatPage alice = ChatPage.desktop(base).logIn("alice", "wonderland").join("tls");
				ChatPage bob = ChatPage.phone(base).logIn("bob", "builder").join("tls")) {
			assertThat(alice.script("return location.protocol")).isEqualTo("https:");
			assertThat(alice.script("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
				.as("the page came over HTTP/2").isEqualTo("h2");
			assertThat(alice.webSocketHandshakeStatuses())
				.as("Tomcat takes no WebSocket over HTTP/2: HTTP/1.1's 101 for each handshake")
				.isNotEmpty()
				.containsOnly(101);
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			alice.send("over wss");
			// The server speaks TLS only: the page's sockets can only be wss://
			await().until(() -> bob.messages().contains("alice: over wss"));
		}
	}

	@Test
	void aPythonClientEchoesOverWssTrustingTheCertificate() throws Exception {
		assertThat(PythonEchoClient.run(base.replace("https://", "wss://"), certificate.pem().toString()))
			.isEqualToNormalizingNewlines(PythonEchoClient.EXPECTED);
	}

}
