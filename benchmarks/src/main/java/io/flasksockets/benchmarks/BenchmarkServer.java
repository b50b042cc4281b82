package io.flasksockets.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.RateLimit;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Two echo endpoints on one server: {@code /raw}, the hand-written Spring {@code WebSocketHandler} a Spring user
 * would otherwise write, and {@code /route}, the same echo as a blocking {@code @SocketRoute}; and the same pair for
 * fan-out (see {@link FanOut}). {@code GET /stats} reports the server's heap after a collection, its resident memory
 * and its threads; {@code GET /cpu} the CPU time its process has used.
 */
@SpringBootApplication
@EnableWebSocket
public class BenchmarkServer {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	/**
	 * The baseline: echo on the container's thread. Left out with {@code --benchmark.raw-endpoints=false}, for a
	 * server that runs the starter alone, as an application without hand-written handlers does.
	 */
	@Bean
	@ConditionalOnProperty(name = "benchmark.raw-endpoints", matchIfMissing = true)
	WebSocketConfigurer rawEcho() {
		AbstractWebSocketHandler echo = new AbstractWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) {
				// Whole messages up to 64 KB, as the route allows by default
				session.setTextMessageSizeLimit(64 * 1024);
				session.setBinaryMessageSizeLimit(64 * 1024);
			}

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
				session.sendMessage(message);
			}

			@Override
			protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
				session.sendMessage(message);
			}

		};
		return (registry) -> registry.addHandler(echo, "/raw");
	}

	@Bean
	@ConditionalOnProperty(name = "benchmark.raw-endpoints", matchIfMissing = true)
	WebSocketConfigurer rawFanOut(FanOut fanOut) {
		return (registry) -> registry.addHandler(fanOut.rawMembers(), FanOut.RAW_PATH);
	}

	/**
	 * Tomcat's read and write buffers per connection, with {@code --benchmark.tomcat-socket-buffer-size=4KB}, as the
	 * docs/performance.md shows an application setting them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
	@ConditionalOnProperty("benchmark.tomcat-socket-buffer-size")
	static class TomcatSocketBuffers {

		@Bean
		TomcatConnectorCustomizer socketBuffers(@Value("${benchmark.tomcat-socket-buffer-size}") DataSize size) {
			return (connector) -> {
				connector.setProperty("socket.appReadBufSize", String.valueOf(size.toBytes()));
				connector.setProperty("socket.appWriteBufSize", String.valueOf(size.toBytes()));
			};
		}

	}

	/**
	 * The same echo as a blocking route.
	 */
	@SocketRoute("/route")
	static class RouteEcho implements io.flasksockets.SocketHandler {

		@Override
		public void handle(Socket ws) {
			Message message;
			while ((message = ws.receiveMessage()) != null) {
				switch (message) {
					case Message.Text text -> ws.send(text.text());
					case Message.Binary binary -> ws.send(binary.data());
				}
			}
		}

	}

	/**
	 * The same echo, for peers that may send 100 messages per second each, with a burst of 20.
	 */
	@SocketRoute("/limited")
	@RateLimit(messagesPerSecond = 100, messageBurst = 20)
	static class LimitedEcho extends RouteEcho {

	}

	@RestController
	static class Stats {

		private final Sockets sockets;

		Stats(Sockets sockets) {
			this.sockets = sockets;
		}

		@GetMapping("/stats")
		Map<String, Long> stats() throws IOException {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			memory.gc();
			return Map.of("heapUsed", memory.getHeapMemoryUsage().getUsed(), "rss", residentBytes(), "threads",
					(long) ManagementFactory.getThreadMXBean().getThreadCount(), "routeSockets",
					(long) this.sockets.count());
		}

		/**
		 * The CPU time the server's process has used so far, in nanoseconds, without a collection first.
		 */
		@GetMapping("/cpu")
		long cpu() {
			return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
		}

		private static long residentBytes() throws IOException {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
				.findFirst()
				.orElse(0L);
		}

	}

}
