package io.flasksockets.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app, in a JVM of its own, sends its traces over OTLP to the collector a property names, and its log
 * lines carry their trace ids; without the property it sends nothing.
 */
class TraceExportTests {

	private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

	private final List<String> exports = new CopyOnWriteArrayList<>();

	private HttpServer collector;

	@BeforeEach
	void startCollector() throws IOException {
		// On OTLP's default port, where an exporter that nobody configured would send
		this.collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 4318), 0);
		this.collector.createContext("/", (exchange) -> {
			// Protobuf: span names are kept as UTF-8 strings
			this.exports.add(exchange.getRequestURI().getPath() + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.collector.start();
	}

	@AfterEach
	void stopCollector() {
		this.collector.stop(0);
	}

	@Test
	void tracesOfSocketsGoToTheCollectorThePropertyNames() throws Exception {
		String endpoint = "http://127.0.0.1:4318/v1/traces";
		try (SampleProcess app = SampleProcess.start("--management.opentelemetry.tracing.export.otlp.endpoint=" + endpoint,
				"--management.tracing.sampling.probability=1.0");
				SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + app.port() + "/echo"),
						Map.of("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01"))) {
			ws.send("traced");
			assertThat(ws.receive()).isEqualTo("traced");
			ws.close();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(String.join("\n", this.exports)).contains("process /echo")
					.contains("websocket /echo")
					.contains("websocket handshake /echo"));
		}
	}

	@Test
	void withoutAnEndpointNothingIsSent() throws Exception {
		try (SampleProcess app = SampleProcess.start("--management.tracing.sampling.probability=1.0");
				SocketTestClient ws = SocketTestClient.connect(URI.create("ws://localhost:" + app.port() + "/echo"))) {
			ws.send("not traced");
			assertThat(ws.receive()).isEqualTo("not traced");
			ws.close();
			// Stopping flushes what an exporter holds
			app.terminate();
			assertThat(app.exits()).isTrue();
		}
		assertThat(this.exports).isEmpty();
	}

}
