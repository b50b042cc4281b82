package io.flasksockets.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app, reached from outside the JVM by Debian's {@code python3-websockets}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ExternalClientTests {

	@LocalServerPort
	private int port;

	@Test
	void aPythonClientEchoesWithPermessageDeflateAndSeesTheSampleRoutes() throws Exception {
		assertThat(PythonEchoClient.run("ws://localhost:" + this.port))
			.isEqualToNormalizingNewlines(PythonEchoClient.EXPECTED);
	}

}
