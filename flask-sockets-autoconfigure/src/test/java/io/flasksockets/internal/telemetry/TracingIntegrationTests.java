package io.flasksockets.internal.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flasksockets.test.SocketTestClient;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces through OpenTelemetry behind Micrometer Tracing, as Spring Boot sets them up: a handshake that carries a
 * {@code traceparent} gives a socket under that trace, each message its handler works on is a child of the socket,
 * and what the handler calls meanwhile is a child of the message.
 */
@SpringBootTest(classes = TracingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.tracing.sampling.probability=1.0")
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT = "00f067aa0ba902b7";

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Test
	void aSocketJoinsTheTraceOfItsHandshakeAndEachMessageHoldsWhatItsHandlerCalled(CapturedOutput output) {
		SocketTestClient client = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/traced"),
				Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"));
		client.send("one");
		assertThat(client.receive()).isEqualTo("hello one");
		client.send("two");
		assertThat(client.receive()).isEqualTo("hello two");
		client.close();
		List<SpanData> spans = awaitSpan("websocket /traced");
		SpanData socket = only(spans, "websocket /traced");
		SpanData handshake = only(spans, "websocket handshake /traced");
		assertThat(handshake.getTraceId()).isEqualTo(TRACE);
		assertThat(ancestors(spans, handshake)).as("the handshake is under the upgrade request's trace")
			.endsWith(PARENT);
		assertThat(socket.getParentSpanId()).isEqualTo(handshake.getSpanId());
		assertThat(socket.getAttributes().asMap().toString()).contains("websocket.close.code=1000",
				"flask.sockets.socket.id=");
		List<SpanData> messages = spans.stream().filter((span) -> span.getName().equals("process /traced")).toList();
		assertThat(output.getOut().lines().filter((line) -> line.contains("Greeting one")))
			.as("the handler's log line carries the trace and the message's span")
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains(TRACE)
			.containsAnyOf(messages.stream().map(SpanData::getSpanId).toArray(String[]::new));
		assertThat(messages).hasSize(2).allSatisfy((message) -> {
			assertThat(message.getParentSpanId()).isEqualTo(socket.getSpanId());
			assertThat(message.getEvents()).extracting("name").containsExactly("sent");
			assertThat(message.getAttributes().asMap().toString()).contains("flask.sockets.route=/traced",
					"messaging.system=websocket", "messaging.operation.type=process", "flask.sockets.message.type=text")
				.as("the socket's id is on the parent, the body's size is not recorded")
				.doesNotContain("flask.sockets.socket.id", "messaging.message.body.size");
			SpanData call = spans.stream()
				.filter((span) -> span.getParentSpanId().equals(message.getSpanId()))
				.filter((span) -> span.getName().startsWith("http get"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no call under " + message + " in " + names(spans)));
			assertThat(spans).anySatisfy((served) -> {
				assertThat(served.getParentSpanId()).isEqualTo(call.getSpanId());
				assertThat(served.getName()).isEqualTo("http get /greeting");
			});
		});
	}

	private List<SpanData> awaitSpan(String name) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(names(this.exporter.getFinishedSpanItems())).contains(name);
		});
		return this.exporter.getFinishedSpanItems();
	}

	private static SpanData only(List<SpanData> spans, String name) {
		List<SpanData> named = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(named).as("spans named '%s' in %s", name, names(spans)).hasSize(1);
		return named.get(0);
	}

	/**
	 * Return the span ids above a span, nearest first, ending with a parent that is not among the spans.
	 */
	private static List<String> ancestors(List<SpanData> spans, SpanData span) {
		List<String> ids = new ArrayList<>();
		String parent = span.getParentSpanId();
		while (true) {
			ids.add(parent);
			String id = parent;
			SpanData above = spans.stream().filter((candidate) -> candidate.getSpanId().equals(id)).findFirst()
				.orElse(null);
			if (above == null) {
				return ids;
			}
			parent = above.getParentSpanId();
		}
	}

	private static List<String> names(List<SpanData> spans) {
		return spans.stream().map(SpanData::getName).toList();
	}

}
