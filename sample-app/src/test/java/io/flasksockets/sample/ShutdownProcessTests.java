package io.flasksockets.sample;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app in a JVM of its own, stopped the way a platform stops it: with SIGTERM.
 */
class ShutdownProcessTests {

	@Test
	void onSigtermEverySocketGets1001AndTheJvmExits() throws Exception {
		try (SampleProcess app = SampleProcess.start("--server.shutdown=graceful")) {
			List<SocketTestClient> clients = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				SocketTestClient client = SocketTestClient
					.connect(URI.create("ws://localhost:" + app.port() + "/echo"));
				client.send("hello " + i);
				assertThat(client.receive()).isEqualTo("hello " + i);
				clients.add(client);
			}
			app.terminate();
			for (SocketTestClient client : clients) {
				assertThat(client.awaitClose().getCode()).isEqualTo(1001);
			}
			assertThat(app.exits()).as("the JVM exits").isTrue();
			assertThat(app.log()).doesNotContain("ERROR");
		}
	}

}
