package io.flasksockets.internal.runtime;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.Sockets;
import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every way a socket can end other than the happy one leaves it closed both in the books and on the wire: nothing
 * left open, nothing silently dropped, nothing waiting forever.
 */
@SpringBootTest(classes = ClosePathTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.send-time-limit=2s", "flask-sockets.ping-interval=300ms",
				"flask-sockets.pong-timeout=300ms", "flask-sockets.idle-timeout=100000000d" })
@ExtendWith(OutputCaptureExtension.class)
class ClosePathIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ClosePathTestApplication.Routes routes;

	@Autowired
	private ClosePathTestApplication.Events events;

	@Autowired
	private HeldSockets held;

	@Autowired
	private Sockets sockets;

	@Test
	void aHandlerThatLetsAnotherSocketsClosedExceptionEscapeClosesItsOwnSocketWith1011(CapturedOutput output) {
		this.routes.room.clear();
		try (SocketTestClient alice = connect("/room")) {
			await().until(() -> this.routes.room.size() == 1);
			SocketTestClient bob = connect("/room");
			await().until(() -> this.routes.room.size() == 2);
			Socket bobsSocket = this.routes.room.get(1);
			bob.abort();
			await().until(bobsSocket::isClosed);
			alice.send("is anyone there?");
			assertThat(alice.receive()).isEqualTo("is anyone there?");
			assertThat(alice.awaitClose().getCode()).isEqualTo(1011);
			Socket alicesSocket = this.routes.room.get(0);
			await().untilAsserted(() -> assertThat(this.events.statusOf(alicesSocket)).isNotNull());
			assertThat(output).containsOnlyOnce("Socket handler for route '/room' failed (socket " + alicesSocket.id())
				.contains("Socket " + bobsSocket.id() + " is closed");
		}
	}

	@Test
	void aWriteThatFailsClosesTheConnectionAndEveryLaterSendSaysWhy() throws Exception {
		try (RawWebSocket peer = RawWebSocket.connectWithSmallReceiveBuffer(this.port, "/flood?name=interrupted")) {
			await().until(() -> isBlocked(this.routes.threads.get("interrupted")));
			this.routes.threads.get("interrupted").interrupt();
			await().until(() -> this.routes.laterSendFailures.containsKey("interrupted"));
			assertThat(this.routes.sendFailures.get("interrupted")).hasMessageContaining("is closed: 1006");
			assertThat(this.routes.laterSendFailures.get("interrupted")).hasMessageContaining("is closed: 1006");
			assertThat(peer.awaitCloseCode()).as("the connection is closed on the wire").isIn(-1, 1011);
		}
	}

	@Test
	void aWriterStuckWhileTheSocketClosesIsCutOffAtTheSendTimeLimit() throws Exception {
		try (RawWebSocket peer = RawWebSocket.connectWithSmallReceiveBuffer(this.port, "/idle-flood?name=closing")) {
			await().atMost(Duration.ofMillis(3500)).until(() -> this.routes.sendFailures.containsKey("closing"));
			assertThat(this.routes.sendFailures.get("closing")).hasMessageContaining("is closed: 1001 Idle timeout");
			assertThat(peer.awaitCloseCode()).as("the connection is closed on the wire").isIn(-1, 1001);
		}
	}

	@Test
	void aSilentPeerIsClosedWhateverTheIdleTimeout() throws Exception {
		try (RawWebSocket silent = RawWebSocket.connect(this.port, "/held?name=silent")) {
			assertThat(silent.readFrame().text()).isEqualTo("ready");
			assertThat(silent.awaitCloseCode()).isEqualTo(1011);
		}
	}

	@Test
	void aSocketWhoseOpenedListenerFailsIsClosedWith1011AndForgotten() {
		int before = this.sockets.count();
		try (SocketTestClient ws = connect("/open-listener-fails")) {
			assertThat(ws.awaitClose().getCode()).isEqualTo(1011);
			assertThat(ws.receive()).isNull();
		}
		await().until(() -> this.sockets.count() == before);
	}

	@Test
	void aReasonLongerThanACloseFrameHoldsIsCutAtACharacter() {
		try (SocketTestClient ws = connect("/long-reason")) {
			CloseStatus status = ws.awaitClose();
			assertThat(status.getCode()).isEqualTo(4000);
			assertThat(status.getReason()).isEqualTo("€".repeat(41));
			assertThat(status.getReason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
		}
	}

	@Test
	void anInterruptOfAHandlerWaitingToReceiveStaysWithItsThread() {
		try (SocketTestClient ws = connect("/interruptible?name=waiting")) {
			await().until(() -> isBlocked(this.routes.threads.get("waiting")));
			this.routes.threads.get("waiting").interrupt();
			await().until(() -> this.routes.stillInterrupted.containsKey("waiting"));
			assertThat(this.routes.stillInterrupted.get("waiting")).isTrue();
			assertThat(ws.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	@Test
	void aCallerCutOffFromAPeerThatDoesNotReadIsNotLeftInterrupted() throws Exception {
		try (RawWebSocket peer = RawWebSocket.connectWithSmallReceiveBuffer(this.port, "/held?name=unread")) {
			await().until(() -> this.held.sockets.containsKey("unread"));
			Socket socket = this.held.sockets.get("unread");
			SocketClosedException cutOff = catchThrowableOfType(SocketClosedException.class, () -> {
				while (true) {
					socket.send(new byte[64 * 1024]);
				}
			});
			assertThat(cutOff).isNotNull();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
			assertThat(this.held.ended("unread").await(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void aRouteAtItsConnectionLimitAnswers503UntilASocketCloses() throws Exception {
		try (SocketTestClient first = connect("/capped"); SocketTestClient second = connect("/capped")) {
			try (RawWebSocket third = RawWebSocket.connect(this.port, "/capped")) {
				assertThat(third.status()).isEqualTo(503);
				assertThat(third.body()).isEqualTo("Too many connections\n");
			}
			first.close();
			await().untilAsserted(() -> {
				try (RawWebSocket again = RawWebSocket.connect(this.port, "/capped")) {
					assertThat(again.status()).isEqualTo(101);
				}
			});
		}
	}

	private static boolean isBlocked(Thread thread) {
		return thread != null && (thread.getState() == Thread.State.WAITING
				|| thread.getState() == Thread.State.TIMED_WAITING);
	}

	private SocketTestClient connect(String path) {
		return SocketTestClient.connect(URI.create("ws://localhost:" + this.port + path));
	}

}
