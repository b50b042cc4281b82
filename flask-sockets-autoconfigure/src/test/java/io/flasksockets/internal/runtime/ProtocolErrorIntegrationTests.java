package io.flasksockets.internal.runtime;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames no well-behaved client sends: each gets the close code RFC 6455 asks for, or a dropped connection;
 * the handler sees the end of its socket; the server keeps serving.
 */
@SpringBootTest(classes = BlockingSocketTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ProtocolErrorIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private HeldSockets held;


	@AfterEach
	void serverKeepsServing() {
		try (SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/echo"))) {
			ws.send("still serving");
			assertThat(ws.receive()).isEqualTo("still serving");
		}
	}

	static Stream<Arguments> malformedFrames() {
		byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
		List<Integer> protocolError = List.of(1002);
		return Stream.of(Arguments.of("unmasked", frame(0x81, hello, false), protocolError),
				Arguments.of("bad-utf8", frame(0x81, new byte[] { (byte) 0xC3, (byte) 0x28 }, true), List.of(1007)),
				Arguments.of("length-2-to-63", huge(), List.of(1002, 1009)),
				Arguments.of("continuation-first", frame(0x80, hello, true), protocolError),
				Arguments.of("reserved-opcode", frame(0x83, hello, true), protocolError),
				Arguments.of("rsv1-without-extension", frame(0xC1, hello, true), protocolError),
				Arguments.of("long-ping", frame(0x89, new byte[126], true), protocolError),
				Arguments.of("fragmented-ping", frame(0x09, hello, true), protocolError),
				Arguments.of("new-message-inside-fragmented-one",
						concat(frame(0x01, hello, true), frame(0x81, hello, true)), protocolError));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedFrames")
	void malformedFramesGetTheRfcCloseCodeAndTheHandlerSeesTheEnd(String name, byte[] frames, List<Integer> codes)
			throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.port, "/held?name=" + name)) {
			assertThat(ws.status()).isEqualTo(101);
			assertThat(ws.readFrame().text()).isEqualTo("ready");
			ws.sendRaw(frames);
			assertThat(ws.awaitCloseCode()).isIn(Stream.concat(codes.stream(), Stream.of(-1)).toList());
			assertThat(this.held.ended(name)
				.await(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	/**
	 * The first fragment of a text message ends in a UTF-8 sequence that can never be valid (a surrogate), as in
	 * Autobahn's cases 6.4.1-6.4.4: the server fails the socket then, without waiting for the rest of the message.
	 */
	@Test
	void invalidUtf8InTheFirstFragmentFailsTheSocketBeforeTheMessageEnds() throws Exception {
		byte[] valid = "κόσμε".getBytes(StandardCharsets.UTF_8);
		byte[] fragment = Arrays.copyOf(valid, valid.length + 3);
		System.arraycopy(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, 0, fragment, valid.length, 3);
		try (RawWebSocket ws = RawWebSocket.connect(this.port, "/echo")) {
			ws.sendFrame(false, RawWebSocket.TEXT, fragment);
			ws.setReadTimeout(Duration.ofSeconds(1));
			assertThat(ws.awaitCloseCode()).isEqualTo(1007);
		}
	}

	@Test
	void aFragmentedMessageInterleavedWithAPingArrivesWhole() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.port, "/echo")) {
			ws.sendFrame(false, RawWebSocket.TEXT, "Hel".getBytes(StandardCharsets.UTF_8));
			ws.sendFrame(true, RawWebSocket.PING, "are you there".getBytes(StandardCharsets.UTF_8));
			ws.sendFrame(false, RawWebSocket.CONTINUATION, "lo, ".getBytes(StandardCharsets.UTF_8));
			ws.sendFrame(true, RawWebSocket.CONTINUATION, "world".getBytes(StandardCharsets.UTF_8));
			RawWebSocket.Frame pong = ws.readFrame();
			assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
			assertThat(pong.text()).isEqualTo("are you there");
			assertThat(ws.readFrame().text()).isEqualTo("Hello, world");
		}
	}

	private static byte[] frame(int firstByte, byte[] payload, boolean masked) {
		return RawWebSocket.encode(firstByte, payload, masked);
	}

	private static byte[] huge() {
		return ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127)).putLong(Long.MIN_VALUE)
			.put(new byte[] { 1, 2, 3, 4 }).array();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
	}

}
