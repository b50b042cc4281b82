package io.flasksockets.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code python3-websockets} running {@code src/test/resources/clients/echo_client.py} against the sample
 * app: compressed echoes, a numbered echo, {@code /whoami} and its close.
 */
final class PythonEchoClient {

	/**
	 * What the client prints when every exchange went as the sample app promises.
	 */
	static final String EXPECTED = """
			extensions permessage-deflate
			large text True
			binary True
			numbered id=7
			whoami anonymous
			close 1000
			""";

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private PythonEchoClient() {
	}

	/**
	 * Run the client and return what it printed, once it has exited without an error.
	 * @param arguments the base URL ({@code ws://} or {@code wss://}) and, for {@code wss://}, the PEM file of the
	 * certificate to trust
	 */
	static String run(String... arguments) throws Exception {
		assertThat(PYTHON).as("Debian's python3 with python3-websockets (apt-get install python3-websockets)")
			.isExecutable();
		List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "src/test/resources/clients/echo_client.py"));
		command.addAll(List.of(arguments));
		Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(python.exitValue()).as(output).isZero();
		return output;
	}

}
