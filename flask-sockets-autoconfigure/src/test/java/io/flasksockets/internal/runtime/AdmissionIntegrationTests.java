package io.flasksockets.internal.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.flasksockets.autoconfigure.FlaskSocketsAutoConfiguration;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.InMemorySocketBroker;
import io.flasksockets.broker.LocalSockets;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many sockets a node admits, each test on an application of its own: a handshake beyond a limit gets
 * {@code 503} with a {@code Retry-After} before memory runs out, while the node serves what it has, and compression
 * is declined beyond its own budget.
 */
class AdmissionIntegrationTests {

	private static final String COMPRESSION = "Sec-WebSocket-Extensions: permessage-deflate";

	private static final HttpClient http = HttpClient.newHttpClient();

	private final List<RawWebSocket> sockets = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() throws IOException {
		for (RawWebSocket socket : this.sockets) {
			socket.close();
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void theLimitPlannedFromTheHeapRefusesWith503WhileTheNodeServesAndAdmitsAgainOnceSocketsLeave() throws Exception {
		start("flask-sockets.heap-share=0.002");
		Capacity capacity = runtime().capacity();
		long planned = (long) (Runtime.getRuntime().maxMemory() * 0.002);
		assertThat(capacity.maxConnections())
			.isEqualTo((int) (planned / 2 / Container.current().idleSocketCost().toBytes()));
		assertThat(capacity.inboxBudget()).isEqualTo(planned / 8);
		assertThat(capacity.outboxBudget()).isEqualTo(planned / 8);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = usedHeapAfterGc(memory);
		SocketTestClient echo = SocketTestClient.connect(URI.create("ws://localhost:" + port() + "/echo"))
			.withTimeout(Duration.ofSeconds(10));
		RawWebSocket refused = null;
		while (refused == null) {
			RawWebSocket socket = RawWebSocket.connect(port(), "/held?name=" + this.sockets.size(), COMPRESSION);
			this.sockets.add(socket);
			if (socket.status() != 101) {
				refused = socket;
			}
		}
		assertThat(this.sockets).hasSize(capacity.maxConnections());
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.header("Retry-After")).isEqualTo("5");
		assertThat(refused.body()).isEqualTo("Too many connections\n");
		// The sockets take no more than the planned share (the test's own clients included)
		assertThat(usedHeapAfterGc(memory) - before).isLessThan(planned);
		HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(hello.body()).isEqualTo("Hello World!");
		echo.send("served while full");
		assertThat(echo.receive()).isEqualTo("served while full");
		echo.close();
		this.sockets.removeLast().close();
		this.sockets.removeLast().close();
		await().untilAsserted(() -> {
			try (RawWebSocket again = RawWebSocket.connect(port(), "/held?name=again")) {
				assertThat(again.status()).isEqualTo(101);
			}
		});
	}

	@Test
	void beyondItsBudgetASocketOpensWithoutCompression() throws Exception {
		start("flask-sockets.max-compressed-connections=2");
		for (int i = 0; i < 2; i++) {
			assertThat(connect(COMPRESSION).header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
		}
		RawWebSocket uncompressed = connect(COMPRESSION);
		assertThat(uncompressed.status()).isEqualTo(101);
		assertThat(uncompressed.header("Sec-WebSocket-Extensions")).isNull();
		this.sockets.getFirst().close();
		await().untilAsserted(() -> assertThat(connect(COMPRESSION).header("Sec-WebSocket-Extensions"))
			.startsWith("permessage-deflate"));
	}

	@Test
	void onePeerAddressGetsNoMoreThanItsOwnLimit() throws Exception {
		start("flask-sockets.max-connections-per-address=3");
		for (int i = 0; i < 3; i++) {
			assertThat(connect().status()).isEqualTo(101);
		}
		RawWebSocket refused = RawWebSocket.connect(port(), "/echo");
		this.sockets.add(refused);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.body()).isEqualTo("Too many connections from this address\n");
	}

	/**
	 * A node whose broker takes a while to start (Redis to reach, history to read) answers no request before it
	 * accepts handshakes: a load balancer that checks a page sends no socket to a node that would refuse it.
	 */
	@Test
	void aNodeAcceptsHandshakesAsSoonAsItAnswersRequests() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(HostileClientTestApplication.class, SlowBroker.class)
				.properties("server.port=" + port)
				.run());
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode() == 200);
		try (RawWebSocket socket = RawWebSocket.connect(port, "/echo")) {
			assertThat(socket.status()).isEqualTo(101);
		}
		this.context = starting.get(60, TimeUnit.SECONDS);
	}

	@Test
	void minusOneMeansNoLimit() {
		start("flask-sockets.max-connections=-1", "flask-sockets.max-compressed-connections=-1");
		assertThat(runtime().capacity().maxConnections()).isEqualTo(-1);
		assertThat(runtime().capacity().maxCompressedConnections()).isEqualTo(-1);
	}

	/**
	 * A broker that takes three seconds to start.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SlowBroker {

		@Bean
		SocketBroker slowBroker() {
			InMemorySocketBroker broker = new InMemorySocketBroker();
			return new SocketBroker() {

				@Override
				public void start(LocalSockets sockets) {
					LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
					broker.start(sockets);
				}

				@Override
				public void stop() {
					broker.stop();
				}

				@Override
				public void publish(Delivery delivery) {
					broker.publish(delivery);
				}

				@Override
				public long remoteCount(Address address) {
					return 0;
				}

			};
		}

	}

	private RawWebSocket connect(String... headers) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(port(), "/echo", headers);
		this.sockets.add(socket);
		return socket;
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(HostileClientTestApplication.class).properties("server.port=0")
			.properties(properties)
			.run();
	}

	private SocketRuntime runtime() {
		return this.context.getBean(FlaskSocketsAutoConfiguration.RUNTIME_BEAN_NAME, SocketRuntime.class);
	}

	private int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
