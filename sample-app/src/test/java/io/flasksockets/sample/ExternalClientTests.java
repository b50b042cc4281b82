package io.flasksockets.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	@LocalServerPort
	private int port;

	@Test
	void aPythonClientEchoesWithPermessageDeflateAndSeesTheSampleRoutes() throws Exception {
		assertThat(PYTHON).as("Debian's python3 with python3-websockets (apt-get install python3-websockets)")
			.isExecutable();
		Path script = Path.of("src/test/resources/clients/echo_client.py");
		Process python = new ProcessBuilder(PYTHON.toString(), script.toString(), "ws://localhost:" + this.port)
			.redirectErrorStream(true)
			.start();
		assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = read(python);
		assertThat(python.exitValue()).as(output).isZero();
		assertThat(output).isEqualToNormalizingNewlines("""
				extensions permessage-deflate
				large text True
				binary True
				numbered id=7
				whoami anonymous
				close 1000
				""");
	}

	private static String read(Process process) throws IOException {
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
