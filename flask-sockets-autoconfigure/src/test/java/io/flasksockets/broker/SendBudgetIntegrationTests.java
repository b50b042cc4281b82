package io.flasksockets.broker;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's budget for messages waiting to be written: members that stop reading are cut off once the node's
 * queues together reach it, before each reaches its own send buffer limit, while members that keep up are sent
 * everything.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.outbox-budget=512KB", "flask-sockets.send-buffer-limit=256KB",
				"flask-sockets.ping-interval=0" })
class SendBudgetIntegrationTests {

	private static final int BUDGET = 512 * 1024;

	private static final int MESSAGE = 4 * 1024;

	@LocalServerPort
	private int port;

	@Autowired
	private Sockets sockets;

	@Autowired
	private MeterRegistry registry;

	/**
	 * Eight members that stop reading could hold 2 MB at their own limits; the node holds no more than its budget,
	 * and a message for each of its sockets beyond it.
	 */
	@Test
	void membersThatStopReadingAreCutOffAtTheNodesBudgetWhileReadersGetEverything() throws Exception {
		List<SocketTestClient> readers = new ArrayList<>();
		List<java.net.Socket> stuck = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				SocketTestClient reader = SocketTestClient.connect(URI.create("ws://localhost:" + this.port + "/chat/slow"));
				readers.add(reader);
				assertThat(reader.receive()).isEqualTo("joined");
			}
			for (int i = 0; i < 8; i++) {
				stuck.add(RoomsIntegrationTests.stuckPeer(this.port, "/chat/slow"));
			}
			await().until(() -> this.sockets.room("slow").count() == 18);
			String payload = "x".repeat(MESSAGE);
			double mostWaiting = 0;
			int sent = 0;
			while (this.sockets.room("slow").count() > 10) {
				assertThat(sent).as("messages sent before the members that stop reading are cut off").isLessThan(2000);
				this.sockets.room("slow").send(sent + " " + payload);
				sent++;
				for (SocketTestClient reader : readers) {
					assertThat(reader.receive()).isEqualTo((sent - 1) + " " + payload);
				}
				mostWaiting = Math.max(mostWaiting, this.registry.get("flask.sockets.outbox").gauge().value());
			}
			assertThat(mostWaiting).isGreaterThan(0).isLessThanOrEqualTo(BUDGET + 18 * (MESSAGE + 8));
			await().until(() -> this.registry.get("flask.sockets.outbox").gauge().value() == 0);
		}
		finally {
			readers.forEach(SocketTestClient::abort);
			for (java.net.Socket socket : stuck) {
				socket.close();
			}
		}
	}

}
