package io.flasksockets.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app in a JVM of its own, stopped the way a platform stops it: with SIGTERM.
 */
class ShutdownProcessTests {

	private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");

	private Process app;

	@AfterEach
	void stopTheApp() {
		if (this.app != null) {
			this.app.destroyForcibly();
		}
	}

	@Test
	void onSigtermEverySocketGets1001AndTheJvmExits() throws Exception {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Path log = Files.createTempFile("sample-app", ".log");
		this.app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0", "--server.shutdown=graceful")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		int port = await().atMost(Duration.ofSeconds(60)).until(() -> port(log), (found) -> found > 0);
		List<SocketTestClient> clients = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			SocketTestClient client = SocketTestClient.connect(URI.create("ws://localhost:" + port + "/echo"));
			client.send("hello " + i);
			assertThat(client.receive()).isEqualTo("hello " + i);
			clients.add(client);
		}
		this.app.destroy();
		for (SocketTestClient client : clients) {
			assertThat(client.awaitClose().getCode()).isEqualTo(1001);
		}
		assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
		assertThat(Files.readString(log)).doesNotContain("ERROR");
	}

	private static int port(Path log) throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(log));
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

}
