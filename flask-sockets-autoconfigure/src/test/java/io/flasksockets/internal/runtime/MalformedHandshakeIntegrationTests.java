package io.flasksockets.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes no well-behaved client sends, written byte for byte: each gets a 4xx answer, or an upgrade without
 * what was wrong with it, never a server error, and nothing is logged above DEBUG.
 */
@SpringBootTest(classes = BlockingSocketTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "flask-sockets.allowed-origins=https://allowed.example")
@ExtendWith(OutputCaptureExtension.class)
class MalformedHandshakeIntegrationTests {

	private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

	private static final String VERSION = "Sec-WebSocket-Version: 13\r\n";

	@LocalServerPort
	private int port;

	static Stream<Arguments> handshakes() {
		return Stream.of(
				// Origins that do not parse, or are not allowed
				Arguments.of("origin with a port that runs on", "/echo", "Origin: http://host:8080.evil.com\r\n", List.of(403)),
				Arguments.of("origin of percent signs", "/echo", "Origin: %%%\r\n", List.of(403)),
				Arguments.of("origin with a space", "/echo", "Origin: http://a b\r\n", List.of(403)),
				Arguments.of("origin null", "/echo", "Origin: null\r\n", List.of(403)),
				Arguments.of("origin of another site", "/echo", "Origin: https://evil.example\r\n", List.of(403)),
				Arguments.of("origin with a path", "/echo", "Origin: https://evil.example/path\r\n", List.of(403)),
				Arguments.of("origin without a scheme", "/echo", "Origin: evil.example\r\n", List.of(403)),
				Arguments.of("origin of an unknown scheme", "/echo", "Origin: gopher://evil.example\r\n", List.of(403)),
				Arguments.of("allowed origin in capitals", "/echo", "Origin: HTTPS://ALLOWED.EXAMPLE\r\n", List.of(101)),
				Arguments.of("allowed origin", "/echo", "Origin: https://allowed.example\r\n", List.of(101)),
				// Extension offers that RFC 7692 does not allow, or that nobody speaks
				Arguments.of("window bits 99", "/echo",
						"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99\r\n", List.of(101)),
				Arguments.of("server window bits 7", "/echo",
						"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7\r\n", List.of(101)),
				Arguments.of("extension header of separators", "/echo", "Sec-WebSocket-Extensions: ;;;,,=\r\n", List.of(101)),
				Arguments.of("window bits not a number", "/echo",
						"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=\"abc\"\r\n", List.of(101)),
				Arguments.of("duplicate parameter", "/echo",
						"Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; "
								+ "server_no_context_takeover\r\n", List.of(101)),
				Arguments.of("unknown parameter", "/echo",
						"Sec-WebSocket-Extensions: permessage-deflate; mystery=1\r\n", List.of(101)),
				Arguments.of("unknown extension", "/echo",
						"Sec-WebSocket-Extensions: x-unknown, x-webkit-deflate-frame\r\n", List.of(101)),
				Arguments.of("empty extension header", "/echo", "Sec-WebSocket-Extensions: \r\n", List.of(101)),
				// URLs that do not decode
				Arguments.of("query with a bad escape", "/echo?x=%ZZ", "", List.of(400)),
				Arguments.of("query ending in a percent sign", "/echo?x=%", "", List.of(400)),
				Arguments.of("query name with a bad escape", "/echo?%ZZ=1", "", List.of(400)),
				Arguments.of("good query", "/echo?q=a%20b", "", List.of(101)),
				Arguments.of("path with a bad escape", "/echo%ZZ", "", List.of(400)),
				Arguments.of("typed segment that does not convert", "/echo/abc", "", List.of(404)),
				// Headers missing or wrong
				Arguments.of("no key", "/echo", null, List.of(400)),
				Arguments.of("version 12", "/echo", "Sec-WebSocket-Version: 12\r\n", List.of(426)),
				Arguments.of("subprotocol of odd characters", "/echo", "Sec-WebSocket-Protocol: <>, ;;\r\n", List.of(101)),
				// Tomcat checks the key, Jetty takes it as it is
				Arguments.of("key that is not base64", "/echo", "Sec-WebSocket-Key: !!!\r\n", List.of(400, 101)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("handshakes")
	void aMalformedHandshakeGetsAPlainAnswerAndLogsNothing(String name, String path, String header,
			List<Integer> statuses, CapturedOutput output) throws IOException {
		int logged = output.length();
		String headers = (header == null) ? VERSION : (header.startsWith("Sec-WebSocket-Version") ? KEY + header
				: (header.startsWith("Sec-WebSocket-Key") ? VERSION + header : KEY + VERSION + header));
		String response = send("GET " + path + " HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + headers + "\r\n");
		int status = Integer.parseInt(response.substring(9, 12));
		assertThat(status).as(name).isIn(statuses);
		if (status == 101) {
			assertThat(response).as(name).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
		}
		String log = output.toString().substring(logged);
		assertThat(log).as(name).doesNotContain(" WARN ", " ERROR ", "Exception");
	}

	/**
	 * Send a request and read the response's status line and headers.
	 */
	private String send(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int c;
			while ((c = in.read()) >= 0) {
				head.write(c);
				String text = head.toString(StandardCharsets.ISO_8859_1);
				if (text.endsWith("\r\n\r\n")) {
					return text;
				}
			}
			return head.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
