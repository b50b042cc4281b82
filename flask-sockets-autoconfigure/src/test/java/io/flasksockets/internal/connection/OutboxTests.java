package io.flasksockets.internal.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Outbox}: one writer at a time, in order, posts that never write on the caller's thread, a
 * buffer bounded in bytes, a budget shared by the node's outboxes, and nothing written after the close frame or a
 * failure.
 */
class OutboxTests {

	private final FakeConnection connection = new FakeConnection();

	/**
	 * The starter's threads, run by the test when it chooses.
	 */
	private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();

	private final List<Exception> failures = new CopyOnWriteArrayList<>();

	private final Outbox.Budget budget = new Outbox.Budget(1500);

	private final Outbox outbox = outbox(1024, Duration.ofSeconds(10));

	@Test
	void aSendWritesOnTheCallersThreadBeforeItReturns() throws Exception {
		this.outbox.send(new TextMessage("now"));
		assertThat(this.connection.written).containsExactly("now");
		assertThat(this.later).isEmpty();
	}

	@Test
	void aPostReturnsAtOnceAndTheStartersThreadsWriteIt() throws Exception {
		this.outbox.post(new TextMessage("later"));
		assertThat(this.connection.written).isEmpty();
		runLater();
		assertThat(this.connection.written).containsExactly("later");
	}

	@Test
	void postsThatComeFasterThanTheStartersThreadsRunWaitForOneFlush() throws Exception {
		for (int i = 0; i < 100; i++) {
			this.outbox.post(new TextMessage("post " + i));
		}
		assertThat(this.later).hasSize(1);
		runLater();
		assertThat(this.connection.written).hasSize(100).startsWith("post 0").endsWith("post 99");
		this.outbox.post(new TextMessage("after the flush"));
		assertThat(this.later).hasSize(1);
	}

	@Test
	void aSendWritesWhatWasPostedBeforeItFirst() throws Exception {
		this.outbox.post(new TextMessage("one"));
		this.outbox.post(new TextMessage("two"));
		this.outbox.send(new TextMessage("three"));
		assertThat(this.connection.written).containsExactly("one", "two", "three");
	}

	@Test
	void postsBeyondTheBufferLimitAreRefused() throws Exception {
		this.outbox.post(new TextMessage("x".repeat(1000)));
		assertThatExceptionOfType(Outbox.SendLimitException.class)
			.isThrownBy(() -> this.outbox.post(new TextMessage("x".repeat(100))));
		runLater();
		this.outbox.post(new TextMessage("x".repeat(1000)));
	}

	@Test
	void theCloseFrameGoesOutAfterWhatWasQueuedAndNothingAfterIt() throws Exception {
		this.outbox.post(new TextMessage("before"));
		this.outbox.closeLater(CloseStatus.NORMAL);
		runLater();
		assertThat(this.connection.written).containsExactly("before", CloseStatus.NORMAL);
		assertThatExceptionOfType(Outbox.ClosedException.class)
			.isThrownBy(() -> this.outbox.send(new TextMessage("after")));
		assertThatExceptionOfType(Outbox.ClosedException.class)
			.isThrownBy(() -> this.outbox.post(new TextMessage("after")));
	}

	@Test
	void aFailedWriteStopsTheOutboxAndIsReported() throws Exception {
		this.connection.failWrites(new IOException("Broken pipe"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.outbox.send(new TextMessage("lost")));
		assertThatExceptionOfType(Outbox.ClosedException.class)
			.isThrownBy(() -> this.outbox.post(new TextMessage("after")));
		Outbox posting = outbox(1024, Duration.ofSeconds(10));
		posting.post(new TextMessage("lost"));
		runLater();
		assertThat(this.failures).singleElement().isInstanceOf(IOException.class);
	}

	@Test
	void aWriteInProgressIsTimedAndASenderWaitsForItsTurnNoLongerThanTheLimit() throws Exception {
		Outbox outbox = outbox(1024, Duration.ofMillis(20));
		CountDownLatch gate = this.connection.holdWrites();
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> send(outbox, "first"));
		assertThat(this.connection.awaitWriting()).isTrue();
		long now = System.nanoTime();
		assertThat(outbox.writingFor(now)).isPositive();
		assertThatExceptionOfType(Outbox.SendLimitException.class)
			.isThrownBy(() -> outbox.send(new TextMessage("second")));
		gate.countDown();
		first.get(10, TimeUnit.SECONDS);
		assertThat(outbox.writingFor(System.nanoTime())).isZero();
	}

	@Test
	void pastTheNodesBudgetAnOutboxThatHoldsMessagesIsRefusedWhileOneThatKeepsUpIsNot() throws Exception {
		Outbox other = outbox(1024, Duration.ofSeconds(10));
		this.outbox.post(new TextMessage("x".repeat(1000)));
		other.post(new TextMessage("y".repeat(400)));
		assertThatExceptionOfType(Outbox.SendLimitException.class)
			.isThrownBy(() -> other.post(new TextMessage("y".repeat(200))))
			.withMessageContaining("Send budget of the node, 1500 bytes");
		Outbox keepingUp = outbox(1024, Duration.ofSeconds(10));
		keepingUp.post(new TextMessage("z".repeat(200)));
		assertThat(this.budget.used()).isEqualTo(1600);
		runLater();
		assertThat(this.connection.written).containsExactly("x".repeat(1000), "y".repeat(400), "z".repeat(200));
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void whatAStoppedOutboxDropsGoesBackToTheBudget() throws Exception {
		this.outbox.post(new TextMessage("x".repeat(1000)));
		this.outbox.stop();
		assertThat(this.budget.used()).isZero();
		assertThatExceptionOfType(Outbox.ClosedException.class)
			.isThrownBy(() -> this.outbox.post(new TextMessage("x")));
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void stoppingDropsWhatIsQueued() throws Exception {
		this.outbox.post(new TextMessage("dropped"));
		this.outbox.stop();
		runLater();
		assertThat(this.connection.written).isEmpty();
	}

	private Outbox outbox(long bufferLimit, Duration sendTimeLimit) {
		return new Outbox(this.connection, this.later::add, bufferLimit, this.budget, sendTimeLimit, (message, bytes) -> {
		}, this.failures::add);
	}

	private void runLater() {
		Runnable task;
		while ((task = this.later.poll()) != null) {
			task.run();
		}
	}

	private static void send(Outbox outbox, String text) {
		try {
			outbox.send(new TextMessage(text));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
