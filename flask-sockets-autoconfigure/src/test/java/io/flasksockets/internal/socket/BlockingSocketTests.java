package io.flasksockets.internal.socket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.flasksockets.internal.connection.FakeConnection;
import io.flasksockets.SocketClosedException;
import io.flasksockets.Replay;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for what a {@link BlockingSocket} decides on its own: limits, close statuses and the monitor's checks,
 * on a connection that records what it is asked, with time given by the test.
 */
class BlockingSocketTests {

	private static final long SEND_TIME_LIMIT = Duration.ofSeconds(10).toNanos();

	private static final long CLOSE_TIMEOUT = Duration.ofSeconds(1).toNanos();

	private final FakeConnection connection = new FakeConnection();

	private final BlockingSocket socket = new TestSockets(new NoRooms(), Runnable::run).open("s", this.connection);

	@Test
	void aMessageOverItsLimitClosesWith1009AndLaterPartsAreDropped() {
		this.socket.received(new TextMessage("x".repeat(65537)));
		assertThat(this.socket.closeStatus().getCode()).isEqualTo(1009);
		assertThat(this.connection.written).singleElement()
			.isInstanceOfSatisfying(CloseStatus.class, (status) -> assertThat(status.getCode()).isEqualTo(1009));
		this.socket.received(new TextMessage("after"));
		assertThat(this.socket.receive()).isNull();
	}

	@Test
	void aSendAfterTheCloseFailsWithTheSocketsCloseStatus() {
		this.socket.close(4000, "done");
		assertThatExceptionOfType(SocketClosedException.class).isThrownBy(() -> this.socket.send("late"))
			.withMessageContaining("4000 done");
	}

	@Test
	void aWriteStuckBeyondTheSendTimeLimitIsCutOffWith4500() throws Exception {
		CountDownLatch gate = this.connection.holdWrites();
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> this.socket.send("stuck"));
		assertThat(this.connection.awaitWriting()).isTrue();
		this.socket.check(System.nanoTime() + SEND_TIME_LIMIT / 2);
		assertThat(this.connection.aborted).isNull();
		this.socket.check(System.nanoTime() + SEND_TIME_LIMIT + 1);
		assertThat(this.connection.aborted.getCode()).isEqualTo(4500);
		assertThat(this.socket.closeStatus().getCode()).isEqualTo(4500);
		gate.countDown();
		assertThat(sending).failsWithin(10, TimeUnit.SECONDS);
	}

	@Test
	void aCloseFrameThePeerDoesNotAnswerIsCutOffAfterTheCloseTimeout() {
		this.socket.closeLater(CloseStatus.GOING_AWAY);
		long sent = System.nanoTime();
		this.socket.check(sent + CLOSE_TIMEOUT / 2);
		assertThat(this.connection.aborted).isNull();
		this.socket.check(sent + CLOSE_TIMEOUT * 2);
		assertThat(this.connection.aborted.getCode()).isEqualTo(1001);
	}

	@Test
	void aPeerThatGoesOnSendingAfterTheCloseIsNotReadFromAndIsCutAfterTheCloseTimeout() {
		this.socket.received(new TextMessage("x".repeat(65537)));
		this.socket.received(new TextMessage("more", false));
		this.socket.received(new TextMessage("and more", false));
		assertThat(this.connection.reading).containsExactly("pause");
		assertThat(this.connection.aborted).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.connection.aborted != null);
		assertThat(this.connection.aborted.getCode()).isEqualTo(1009);
	}

	@Test
	void aPeerThatStopsAnsweringPingsIsCutOffWith1011() {
		long start = System.nanoTime();
		this.socket.check(start + Duration.ofSeconds(25).toNanos());
		assertThat(this.connection.written).hasSize(1);
		this.socket.check(start + Duration.ofSeconds(51).toNanos());
		assertThat(this.connection.aborted.getCode()).isEqualTo(1011);
		assertThat(this.connection.aborted.getReason()).isEqualTo("Ping timeout");
	}

	@Test
	void theHandlerGetsWhatArrivedBeforeItAsked() {
		this.socket.received(new TextMessage("early"));
		this.socket.received(new TextMessage("par", false));
		this.socket.received(new TextMessage("ts", true));
		assertThat(this.socket.receive()).isEqualTo("early");
		assertThat(this.socket.receive()).isEqualTo("parts");
		this.socket.closed(CloseStatus.NORMAL);
		assertThat(this.socket.receive()).isNull();
	}

	/**
	 * Rooms that keep nobody.
	 */
	private static final class NoRooms implements SocketServices.Rooms {

		@Override
		public Replay join(String room, BlockingSocket socket, @Nullable String since) {
			return new Replay(0, true, "0-0");
		}

		@Override
		public void leave(String room, BlockingSocket socket) {
		}

	}

}
