package io.flasksockets.broker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rooms and users on one node, with the in-memory broker: joining, leaving, counting, addressing everyone but the
 * sender, every tab of a user, and fan-out that never waits on a member that stopped reading.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.send-buffer-limit=64KB", "flask-sockets.ping-interval=0",
				"server.tomcat.max-connections=2000" })
class RoomsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Sockets sockets;

	@Autowired
	private ClusterTestApplication.Routes routes;

	private final List<SocketTestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(SocketTestClient::abort);
	}

	@Test
	void aSocketInARoomGetsItsMessagesLeavesItAndLeavesEveryRoomWhenItCloses() {
		SocketTestClient alice = join("/chat/garden");
		Socket socket = this.routes.socket("garden", 0);
		socket.join("kitchen");
		assertThat(socket.rooms()).containsExactlyInAnyOrder("garden", "kitchen");
		assertThat(this.sockets.room("kitchen").count()).isOne();
		this.sockets.room("kitchen").send("dinner is ready");
		assertThat(alice.receive()).isEqualTo("dinner is ready");
		socket.leave("kitchen");
		assertThat(socket.rooms()).containsExactly("garden");
		assertThat(this.sockets.room("kitchen").count()).isZero();
		alice.close();
		await().until(() -> this.sockets.room("garden").count() == 0);
	}

	@Test
	void exceptLeavesOutOneSocket() {
		SocketTestClient alice = join("/chat/hall");
		SocketTestClient bob = join("/chat/hall");
		Socket alicesSocket = this.routes.socket("hall", 0);
		this.sockets.room("hall").except(alicesSocket).send("not for alice");
		this.sockets.room("hall").send("for everyone");
		assertThat(bob.receive()).isEqualTo("not for alice");
		assertThat(bob.receive()).isEqualTo("for everyone");
		assertThat(alice.receive()).isEqualTo("for everyone");
		assertThat(this.sockets.room("hall").except(alicesSocket).count()).isOne();
	}

	@Test
	void aMessageToAUserReachesEveryTabOfTheirsAndNobodyElse() {
		SocketTestClient firstTab = listen("erin");
		SocketTestClient secondTab = listen("erin");
		SocketTestClient frank = listen("frank");
		this.sockets.user("erin").send("hello erin");
		this.sockets.user("frank").send(new byte[] { 1, 2, 3 });
		assertThat(firstTab.receive()).isEqualTo("hello erin");
		assertThat(secondTab.receive()).isEqualTo("hello erin");
		assertThat(frank.receiveMessage()).isEqualTo(new Message.Binary(new byte[] { 1, 2, 3 }));
		assertThat(this.sockets.user("erin").count()).isEqualTo(2);
	}

	@Test
	void messagesFromOnePublisherArriveInPublishOrderAtEveryMember() {
		List<SocketTestClient> members = IntStream.range(0, 20).mapToObj((i) -> join("/chat/ordered")).toList();
		IntStream.range(0, 500).forEach((i) -> this.sockets.room("ordered").send("message " + i));
		for (SocketTestClient member : members) {
			for (int i = 0; i < 500; i++) {
				assertThat(member.receive()).isEqualTo("message " + i);
			}
		}
	}

	/**
	 * A room of a thousand, one of whom stopped reading: every message reaches the other 999, in order, while the
	 * one who stopped is still open, so nobody waited for it; it is cut off at its own send buffer limit once that
	 * fills. How long delivery takes is measured by the fan-out benchmark, not asserted here.
	 */
	@Test
	void aMemberThatStopsReadingDelaysNobody() throws Exception {
		List<SocketTestClient> readers = new ArrayList<>();
		// Fifty handshakes at a time: the test is about fan-out, not about a storm of handshakes on two cores
		try (ExecutorService opening = Executors.newFixedThreadPool(50)) {
			List<Future<SocketTestClient>> joining = IntStream.range(0, 999)
				.mapToObj((i) -> opening.submit(() -> join("/chat/crowd")))
				.toList();
			for (Future<SocketTestClient> reader : joining) {
				readers.add(reader.get());
			}
		}
		try (java.net.Socket stuck = stuckPeer(this.port, "/chat/crowd")) {
			await().until(() -> this.sockets.room("crowd").count() == 1000);
			String payload = "x".repeat(64);
			for (int i = 0; i < 45; i++) {
				this.sockets.room("crowd").send(i + payload);
			}
			for (SocketTestClient reader : readers) {
				for (int i = 0; i < 45; i++) {
					assertThat(reader.receive()).isEqualTo(i + payload);
				}
			}
			Socket stuckSocket = this.routes.socket("crowd", 999);
			assertThat(stuckSocket.isClosed()).as("the member that stopped reading, still open").isFalse();
			// Fill what the network still buffers for the peer that does not read: it is cut off at its own limits
			SocketClosedException cutOff = catchThrowableOfType(SocketClosedException.class, () -> {
				while (true) {
					stuckSocket.post(new byte[64 * 1024]);
				}
			});
			assertThat(cutOff).hasMessageContaining("is closed: 4500");
			await().until(() -> this.sockets.room("crowd").count() == 999);
		}
	}

	/**
	 * Open a socket whose peer reads the handshake's answer and nothing after it.
	 */
	static java.net.Socket stuckPeer(int port, String path) throws IOException {
		java.net.Socket socket = new java.net.Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", port));
		socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) in.read());
		}
		assertThat(head).startsWith("HTTP/1.1 101");
		return socket;
	}

	private SocketTestClient join(String path) {
		SocketTestClient client = connect(path);
		assertThat(client.receive()).isEqualTo("joined");
		return client;
	}

	private SocketTestClient listen(String user) {
		SocketTestClient client = connect("/listen?user=" + user);
		assertThat(client.receive()).isEqualTo("listening");
		return client;
	}

	private SocketTestClient connect(String path) {
		SocketTestClient client = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path));
		synchronized (this.clients) {
			this.clients.add(client);
		}
		return client;
	}

}
