package io.flasksockets.internal.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.flasksockets.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Inbox}: bounded in count and in bytes, reading paused when full and resumed when the handler
 * takes, closing wakes the handler after what is queued.
 */
class InboxTests {

	private static final Inbox.Budget UNLIMITED = new Inbox.Budget(Long.MAX_VALUE);

	private final FakeConnection connection = new FakeConnection();

	@Test
	void readingPausesAtTheCountAndResumesOnceTheHandlerTakes() throws InterruptedException {
		Inbox inbox = new Inbox(2, 1024, this.connection, UNLIMITED);
		inbox.put(text("one"));
		assertThat(this.connection.reading).isEmpty();
		inbox.put(text("two"));
		assertThat(this.connection.reading).containsExactly("pause");
		assertThat(inbox.isPaused()).isTrue();
		assertThat(inbox.take(0, TimeUnit.NANOSECONDS)).isEqualTo(text("one"));
		assertThat(this.connection.reading).containsExactly("pause", "resume");
		assertThat(inbox.isPaused()).isFalse();
	}

	@Test
	void readingPausesAtTheSizeLimitWhateverTheCount() throws InterruptedException {
		Inbox inbox = new Inbox(100, 10, this.connection, UNLIMITED);
		inbox.put(text("12345"));
		assertThat(inbox.isPaused()).isFalse();
		inbox.put(new Message.Binary(new byte[5]));
		assertThat(inbox.isPaused()).isTrue();
		inbox.take(0, TimeUnit.NANOSECONDS);
		assertThat(inbox.isPaused()).isFalse();
	}

	@Test
	void messagesAreTakenInTheOrderTheyCame() throws InterruptedException {
		Inbox inbox = new Inbox(100, 1024 * 1024, this.connection, UNLIMITED);
		for (int i = 0; i < 50; i++) {
			inbox.put(text("m" + i));
		}
		List<String> taken = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			taken.add(((Message.Text) inbox.take(0, TimeUnit.NANOSECONDS)).text());
		}
		assertThat(taken).isEqualTo(IntStream.range(0, 50).mapToObj((i) -> "m" + i).toList());
	}

	@Test
	void aTakeTimesOutWithNothing() throws InterruptedException {
		Inbox inbox = new Inbox(2, 1024, this.connection, UNLIMITED);
		assertThat(inbox.take(1, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aPutTellsWhetherItHandedTheMessageToAWaitingHandler() throws Exception {
		Inbox inbox = new Inbox(2, 1024, this.connection, UNLIMITED);
		assertThat(inbox.put(text("queued"))).isFalse();
		assertThat(take(inbox)).isEqualTo(text("queued"));
		CompletableFuture<Message> waiting = waitingHandler(inbox);
		assertThat(inbox.put(text("handed"))).isTrue();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(text("handed"));
	}

	@Test
	void aPutThatFillsTheInboxIsNoHandOffSinceReadingPauses() throws Exception {
		Inbox inbox = new Inbox(1, 1024, this.connection, UNLIMITED);
		CompletableFuture<Message> waiting = waitingHandler(inbox);
		assertThat(inbox.put(text("fills"))).isFalse();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(text("fills"));
	}

	@Test
	void closingWakesAWaitingHandlerButWhatIsQueuedIsStillTaken() throws Exception {
		Inbox inbox = new Inbox(2, 1024, this.connection, UNLIMITED);
		CompletableFuture<Message> waiting = CompletableFuture.supplyAsync(() -> take(inbox));
		inbox.close();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
		Inbox withMessage = new Inbox(2, 1024, this.connection, UNLIMITED);
		withMessage.put(text("last"));
		withMessage.close();
		assertThat(take(withMessage)).isEqualTo(text("last"));
		assertThat(take(withMessage)).isNull();
	}

	@Test
	void closingResumesPausedReadingSoThatTheCloseHandshakeCanFinishAndDropsLaterMessages()
			throws InterruptedException {
		Inbox inbox = new Inbox(1, 1024, this.connection, UNLIMITED);
		inbox.put(text("full"));
		inbox.close();
		assertThat(this.connection.reading).containsExactly("pause", "resume");
		inbox.put(text("dropped"));
		assertThat(inbox.take(0, TimeUnit.NANOSECONDS)).isEqualTo(text("full"));
		assertThat(inbox.take(0, TimeUnit.NANOSECONDS)).isNull();
	}

	@Test
	void theActionOnCloseRunsOnceTheHandlerHasTakenEverythingAndAsksForMore() throws InterruptedException {
		Inbox inbox = new Inbox(4, 1024, this.connection, UNLIMITED);
		AtomicInteger caughtUp = new AtomicInteger();
		inbox.put(text("one"));
		inbox.close(caughtUp::incrementAndGet);
		inbox.take(0, TimeUnit.NANOSECONDS);
		assertThat(caughtUp).hasValue(0);
		inbox.take(0, TimeUnit.NANOSECONDS);
		inbox.take(0, TimeUnit.NANOSECONDS);
		assertThat(caughtUp).hasValue(1);
	}

	@Test
	void inboxesThatShareASpentBudgetPauseAndAllResumeWhenOneGivesBytesBack() throws InterruptedException {
		Inbox.Budget budget = new Inbox.Budget(10);
		FakeConnection other = new FakeConnection();
		Inbox first = new Inbox(100, 1024, this.connection, budget);
		Inbox second = new Inbox(100, 1024, other, budget);
		first.put(text("0123456789"));
		assertThat(first.isPaused()).isTrue();
		second.put(text("x"));
		assertThat(second.isPaused()).as("paused by the budget alone").isTrue();
		assertThat(budget.used()).isEqualTo(11);
		first.take(0, TimeUnit.NANOSECONDS);
		assertThat(budget.used()).isEqualTo(1);
		assertThat(first.isPaused()).isFalse();
		assertThat(second.isPaused()).isFalse();
		assertThat(other.reading).containsExactly("pause", "resume");
	}

	@Test
	void discardingGivesTheQueuedBytesBack() {
		Inbox.Budget budget = new Inbox.Budget(100);
		Inbox inbox = new Inbox(100, 1024, this.connection, budget);
		inbox.put(text("abc"));
		inbox.put(new Message.Binary(new byte[7]));
		assertThat(budget.used()).isEqualTo(10);
		inbox.discard();
		assertThat(budget.used()).isZero();
		inbox.put(text("after"));
		assertThat(budget.used()).isZero();
	}

	/**
	 * Start a handler that waits for the inbox's next message; once it waits, return what it will take.
	 */
	private static CompletableFuture<Message> waitingHandler(Inbox inbox) {
		CompletableFuture<Message> taken = new CompletableFuture<>();
		Thread handler = Thread.ofVirtual().start(() -> taken.complete(take(inbox)));
		Awaitility.await().until(() -> handler.getState() == Thread.State.WAITING);
		return taken;
	}

	private static Message take(Inbox inbox) {
		try {
			return inbox.take(-1, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Message text(String text) {
		return new Message.Text(text);
	}

}
