package io.flasksockets.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

	private static final String PASSWORD = "test-only";

	@TempDir
	static Path keys;

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void startAppOverTls() throws Exception {
		Path keyStore = keys.resolve("localhost.p12");
		keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "localhost", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", keys.resolve("localhost.pem").toString());
		app = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "server.ssl.key-store=" + keyStore, "server.ssl.key-store-type=PKCS12",
					"server.ssl.key-store-password=" + PASSWORD, "server.ssl.key-alias=localhost",
					"server.http2.enabled=true")
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
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			alice.send("over wss");
			// The server speaks TLS only: the page's sockets can only be wss://
			await().until(() -> bob.messages().contains("alice: over wss"));
		}
	}

	@Test
	void aPythonClientEchoesOverWssTrustingTheCertificate() throws Exception {
		assertThat(PythonEchoClient.run(base.replace("https://", "wss://"), keys.resolve("localhost.pem").toString()))
			.isEqualToNormalizingNewlines(PythonEchoClient.EXPECTED);
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor()).as(output).isZero();
	}

}
