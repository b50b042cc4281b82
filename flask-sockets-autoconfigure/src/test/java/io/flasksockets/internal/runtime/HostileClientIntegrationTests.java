package io.flasksockets.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that attack the node on their own: fragments without end, data after the close, frames the protocol
 * forbids, pings whose pongs they never read. Each is answered with the right code at once or at its documented
 * limit, and the node goes on serving others throughout.
 */
@SpringBootTest(classes = HostileClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.send-time-limit=1s", "flask-sockets.ping-interval=2s",
				"flask-sockets.pong-timeout=5s", "flask-sockets.max-message-parts=100" })
class HostileClientIntegrationTests {

	private static final String COMPRESSION = "Sec-WebSocket-Extensions: permessage-deflate";

	private static final HttpClient http = HttpClient.newHttpClient();

	private final List<AutoCloseable> clients = new ArrayList<>();

	/**
	 * Threads of the attackers' own, so that a flood blocked on the network holds up no other client's work.
	 */
	private final ExecutorService attackers = Executors.newCachedThreadPool();

	@LocalServerPort
	private int port;

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		this.attackers.shutdownNow();
	}

	@Test
	void endlessEmptyContinuationFramesAreClosedWith1009AtThePartsLimitWhileTheNodeServesOthers() throws Exception {
		List<RawWebSocket> attackers = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			attackers.add(raw("/echo"));
		}
		for (RawWebSocket attacker : attackers) {
			attacker.sendFrame(false, RawWebSocket.TEXT, "a".getBytes(StandardCharsets.UTF_8), true);
			try {
				for (int part = 0; part < 150; part++) {
					attacker.sendFrame(false, RawWebSocket.CONTINUATION, new byte[0], true);
				}
			}
			catch (IOException ex) {
				// Cut off once past the limit: what it sends after the close frame is not read
			}
		}
		assertNodeServes();
		for (RawWebSocket attacker : attackers) {
			assertThat(attacker.awaitCloseCode()).isEqualTo(1009);
		}
	}

	@Test
	void oneByteFragmentsBelowThePartsLimitHoldWhatTheyCarryAndNoMore() throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = usedHeapAfterGc(memory);
		List<RawWebSocket> attackers = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			RawWebSocket attacker = raw("/echo");
			attackers.add(attacker);
			attacker.sendFrame(false, RawWebSocket.TEXT, "a".getBytes(StandardCharsets.UTF_8), true);
			for (int part = 0; part < 98; part++) {
				attacker.sendFrame(false, RawWebSocket.CONTINUATION, "b".getBytes(StandardCharsets.UTF_8), true);
			}
		}
		assertNodeServes();
		// A message of 99 one-byte parts held by each of 40 sockets, and the sockets themselves: far below the
		// documented worst case of about 1.2 MB per socket
		assertThat(usedHeapAfterGc(memory) - before).isLessThan(40L * 256 * 1024);
		for (RawWebSocket attacker : attackers) {
			attacker.sendFrame(true, RawWebSocket.CONTINUATION, "c".getBytes(StandardCharsets.UTF_8), true);
			assertThat(readData(attacker).text()).isEqualTo("a" + "b".repeat(98) + "c");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "1009", "1002", "1008" })
	void aPeerThatGoesOnSendingCompressedDataAfterTheCloseIsCutWithinTheCloseTimeout(String code) throws Exception {
		RawWebSocket attacker = raw(code.equals("1008") ? "/policy" : "/tiny", COMPRESSION);
		assertThat(attacker.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
		Compressor zeros = new Compressor();
		switch (code) {
			case "1009" -> attacker.sendFrame(false, true, RawWebSocket.TEXT, zeros.next(1024), true);
			case "1002" -> attacker.sendFrame(false, true, RawWebSocket.CONTINUATION, zeros.next(16), true);
			default -> {
				attacker.sendFrame(true, true, RawWebSocket.TEXT, zeros.last(4), true);
				attacker.sendFrame(false, true, RawWebSocket.TEXT, zeros.next(4), true);
			}
		}
		assertThat(attacker.awaitCloseCode()).isEqualTo(Integer.parseInt(code));
		CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
			try {
				while (true) {
					attacker.sendFrame(false, RawWebSocket.CONTINUATION, zeros.next(64 * 1024), true);
				}
			}
			catch (IOException ex) {
				// Cut off by the server
			}
		}, this.attackers);
		assertNodeServes();
		// Cut within the close timeout (1 s) of the close frame, give or take the machine
		assertThat(flooding).succeedsWithin(Duration.ofSeconds(15));
	}

	@Test
	void rsv1OnAContinuationFrameOfACompressedMessageFailsWith1002() throws Exception {
		RawWebSocket peer = raw("/echo", COMPRESSION);
		Compressor text = new Compressor();
		peer.sendFrame(false, true, RawWebSocket.TEXT, text.next(8), true);
		peer.sendFrame(true, true, RawWebSocket.CONTINUATION, text.last(8), true);
		assertThat(peer.awaitCloseCode()).isEqualTo(1002);
	}

	@Test
	void continuationFramesWithoutRsv1StillMakeACompressedMessage() throws Exception {
		RawWebSocket peer = raw("/echo", COMPRESSION);
		Compressor text = new Compressor();
		peer.sendFrame(false, true, RawWebSocket.TEXT, text.next(8), true);
		peer.sendFrame(true, false, RawWebSocket.CONTINUATION, text.last(8), true);
		assertThat(readData(peer).rsv1()).isTrue();
	}

	@Test
	void anHttp10UpgradeIsRefusedWith400() throws IOException {
		try (RawWebSocket peer = RawWebSocket.connectOver("HTTP/1.0", this.port, "/echo")) {
			assertThat(peer.status()).isEqualTo(400);
			assertThat(peer.body()).isEqualTo("WebSocket handshakes need HTTP/1.1\n");
		}
	}

	@Test
	void aSecondSecWebSocketKeyIsRefusedWith400() throws IOException {
		try (RawWebSocket peer = RawWebSocket.connect(this.port, "/echo", "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==")) {
			assertThat(peer.status()).isEqualTo(400);
			assertThat(peer.body()).isEqualTo("More than one Sec-WebSocket-Key\n");
		}
	}

	@Test
	void aPeerThatPingsAndNeverReadsItsPongsIsCutOff() throws Exception {
		RawWebSocket peer = RawWebSocket.connectWithSmallReceiveBuffer(this.port, "/echo");
		this.clients.add(peer);
		byte[] ping = new byte[125];
		CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
			try {
				while (true) {
					peer.sendFrame(true, RawWebSocket.PING, ping, true);
				}
			}
			catch (IOException ex) {
				// Cut off by the server
			}
		}, this.attackers);
		assertNodeServes();
		// Once the pongs fill the connection's buffers, Tomcat gives up writing them after the send time limit (1 s)
		// and 2 s more, and on Jetty the server's next ping waits behind them and is cut at the send time limit. The
		// peer's tiny receive window can also put its own TCP into retransmission backoff first, so that its pings
		// arrive only every few seconds and never fill the buffers: its unanswered pings cut it then, after the ping
		// interval (2 s) and the pong timeout (5 s)
		assertThat(flooding).succeedsWithin(Duration.ofSeconds(30));
	}

	private RawWebSocket raw(String path, String... headers) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(this.port, path, headers);
		assertThat(socket.status()).isEqualTo(101);
		this.clients.add(socket);
		return socket;
	}

	/**
	 * The page answers and a healthy peer's echo comes back.
	 */
	private void assertNodeServes() throws Exception {
		HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(hello.body()).isEqualTo("Hello World!");
		try (SocketTestClient healthy = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/echo"))
			.withTimeout(Duration.ofSeconds(10))) {
			healthy.send("still here");
			assertThat(healthy.receive()).isEqualTo("still here");
		}
	}

	/**
	 * Read the next data frame, past the server's pings.
	 */
	private static RawWebSocket.Frame readData(RawWebSocket peer) throws IOException {
		RawWebSocket.Frame frame;
		while ((frame = peer.readFrame()).opcode() == RawWebSocket.PING) {
			// the server's keepalive
		}
		return frame;
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	/**
	 * Compresses zeros as one endless permessage-deflate message, a frame's worth at a time.
	 */
	private static final class Compressor {

		private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);

		/**
		 * Return the compressed bytes of the given number of zeros, flushed so that a frame can end there.
		 */
		byte[] next(int zeros) {
			this.deflater.setInput(new byte[zeros]);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int written;
			while ((written = this.deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
				out.write(buffer, 0, written);
			}
			return out.toByteArray();
		}

		/**
		 * Return the compressed bytes of the message's last zeros, without the empty block RFC 7692 leaves out.
		 */
		byte[] last(int zeros) {
			byte[] bytes = next(zeros);
			return Arrays.copyOf(bytes, bytes.length - 4);
		}

	}

}
