package io.flasksockets.internal.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.flasksockets.Message;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message arrives whole and unchanged, whatever its size, kind, framing and compression, and the limits are
 * the starter's on every container. The sweep is seeded, so a failure names the sizes that reproduce it.
 */
@SpringBootTest(classes = IntegrityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.max-text-message-size=20MB", "flask-sockets.max-binary-message-size=20MB",
				"flask-sockets.inbound-buffer-limit=40MB" })
class IntegrityIntegrationTests {

	private static final long SEED = 20261127;

	private static final int SWEEP_LIMIT = 1024 * 1024;

	private static final String MULTI_BYTE = "aé€😀";

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	/**
	 * Whether this run's container is expected to negotiate compression: not Tomcat before 11.0.24, which the
	 * starter declines it on.
	 */
	private static final boolean COMPRESSION_EXPECTED = !"false"
		.equals(System.getProperty("flasksockets.expect-compression"));

	@LocalServerPort
	private int port;

	@ParameterizedTest(name = "compression offered: {0}, random frame sizes: {1}")
	@CsvSource({ "false, false", "false, true", "true, false", "true, true" })
	void everyMessageOfTheSweepComesBackUnchanged(boolean compression, boolean fragment) throws IOException {
		List<String> changed = new ArrayList<>();
		Random random = new Random(SEED);
		try (FragmentingClient client = FragmentingClient.connect(this.port, "/echo", compression, fragment, SEED)) {
			assertThat(client.isCompressed()).isEqualTo(compression && COMPRESSION_EXPECTED);
			for (int size : sweepSizes(random)) {
				for (Message message : messages(random, size)) {
					client.send(message);
					Message echo = client.receive();
					if (!message.equals(echo)) {
						changed.add(describe(message) + " -> " + ((echo != null) ? describe(echo) : "closed"));
					}
				}
			}
		}
		assertThat(changed).as("messages changed in transit").isEmpty();
	}

	@Test
	void aThirdPartyClientWithCompressionAndRandomFramesSeesEveryMessageUnchanged() throws Exception {
		assertThat(PYTHON).as("Debian's python3 with python3-websockets (apt-get install python3-websockets)")
			.isExecutable();
		Process python = new ProcessBuilder(PYTHON.toString(), "src/test/resources/clients/echo_sweep.py",
				"ws://localhost:" + this.port + "/echo", Long.toString(SEED), "70000", "60")
			.redirectErrorStream(true)
			.start();
		assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(python.exitValue()).as(output).isZero();
		assertThat(output).contains(COMPRESSION_EXPECTED ? "extensions: permessage-deflate" : "extensions: none")
			.contains(" 0 changed");
	}

	@Test
	void messagesOfOneAndSixteenMegabytesArriveWhole() {
		try (SocketTestClient ws = connect("/echo").withTimeout(Duration.ofSeconds(60))) {
			for (int size : new int[] { 1024 * 1024, 16 * 1024 * 1024 }) {
				String text = "ab".repeat(size / 2);
				byte[] bytes = new byte[size];
				new Random(size).nextBytes(bytes);
				ws.send(text);
				assertThat(ws.receive()).isEqualTo(text);
				ws.send(bytes);
				assertThat(ws.receiveMessage()).isEqualTo(new Message.Binary(bytes));
			}
		}
	}

	@Test
	void aTextMessageOneCharacterOverTheRoutesLimitIsClosedWith1009AndTheStartersReason() {
		try (SocketTestClient ws = connect("/limited")) {
			ws.send("x".repeat(100 * 1024));
			assertThat(ws.receive()).hasSize(100 * 1024);
			ws.send("x".repeat(100 * 1024 + 1));
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1009, "Text message exceeds 102400 characters"));
		}
	}

	@Test
	void aBinaryMessageOneByteOverTheRoutesLimitIsClosedWith1009AndTheStartersReason() {
		try (SocketTestClient ws = connect("/limited")) {
			ws.send(new byte[100 * 1024 + 1]);
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1009, "Binary message exceeds 102400 bytes"));
		}
	}

	/**
	 * Around every power of two from 1 KiB to the sweep's limit, around the multiples of Tomcat's message buffers
	 * (1 KiB up to 16 KiB, 8 KiB up to 64 KiB), and a hundred and fifty sizes spread evenly on a logarithmic scale.
	 */
	private static List<Integer> sweepSizes(Random random) {
		List<Integer> sizes = new ArrayList<>();
		for (int power = 1024; power <= SWEEP_LIMIT; power *= 2) {
			IntStream.rangeClosed(power - 2, power + 2).forEach(sizes::add);
		}
		for (int multiple = 3 * 1024; multiple < 16 * 1024; multiple += 2 * 1024) {
			IntStream.rangeClosed(multiple - 1, multiple + 1).forEach(sizes::add);
		}
		for (int multiple = 3 * 8192; multiple < 64 * 1024; multiple += 2 * 8192) {
			IntStream.rangeClosed(multiple - 1, multiple + 1).forEach(sizes::add);
		}
		IntStream.range(0, 150).forEach((i) -> sizes.add(1 + (int) Math.pow(SWEEP_LIMIT, random.nextDouble())));
		return sizes;
	}

	/**
	 * Compressible text, text of one- to four-byte characters (which fall on every part boundary), compressible
	 * binary and random binary, each of the given size.
	 */
	private static List<Message> messages(Random random, int size) {
		StringBuilder multiByte = new StringBuilder(size + 1);
		for (int i = 0; multiByte.length() < size; i++) {
			multiByte.appendCodePoint(MULTI_BYTE.codePointAt(MULTI_BYTE.offsetByCodePoints(0, (i * 7 + size) % 4)));
		}
		byte[] randomBytes = new byte[size];
		random.nextBytes(randomBytes);
		byte[] compressibleBytes = new byte[size];
		IntStream.range(0, size).forEach((i) -> compressibleBytes[i] = (byte) ((i % 2 == 0) ? 'a' : 'b'));
		return List.of(new Message.Text("ab".repeat(size / 2 + 1).substring(0, size)),
				new Message.Text(multiByte.toString()), new Message.Binary(compressibleBytes),
				new Message.Binary(randomBytes));
	}

	private static String describe(Message message) {
		return switch (message) {
			case Message.Text(String text) -> "text of " + text.length() + " characters";
			case Message.Binary binary -> "binary of " + binary.data().remaining() + " bytes";
		};
	}

	private SocketTestClient connect(String path) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path));
	}

}
