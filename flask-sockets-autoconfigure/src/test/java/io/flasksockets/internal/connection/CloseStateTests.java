package io.flasksockets.internal.connection;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloseState}.
 */
class CloseStateTests {

	private final CloseState state = new CloseState();

	@Test
	void theFirstReasonToCloseWins() {
		assertThat(this.state.isClosed()).isFalse();
		assertThat(this.state.begin(CloseStatus.TOO_BIG_TO_PROCESS, 10)).isTrue();
		assertThat(this.state.begin(CloseStatus.NORMAL, 20)).isFalse();
		this.state.disconnected(CloseStatus.NO_CLOSE_FRAME);
		assertThat(this.state.status()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS);
		assertThat(this.state.closingFor(110)).isEqualTo(100);
	}

	@Test
	void aConnectionThatEndsFirstGivesItsOwnStatus() {
		this.state.disconnected(CloseStatus.GOING_AWAY);
		assertThat(this.state.status()).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.state.isDisconnected()).isTrue();
	}

	@Test
	void theSocketIsFinishedOnceBothTheConnectionAndTheHandlerHaveEndedInEitherOrder() {
		AtomicInteger finished = new AtomicInteger();
		this.state.whenFinished(finished::incrementAndGet);
		this.state.handlerEnded();
		assertThat(this.state.isFinished()).isFalse();
		this.state.disconnected(CloseStatus.NORMAL);
		assertThat(this.state.isFinished()).isTrue();
		assertThat(finished).hasValue(1);
	}

	@Test
	void aConnectionIsAbortedOnceAndNotAfterItEnded() {
		assertThat(this.state.claimAbort()).isTrue();
		assertThat(this.state.claimAbort()).isFalse();
		CloseState ended = new CloseState();
		ended.disconnected(CloseStatus.NORMAL);
		assertThat(ended.claimAbort()).isFalse();
	}

	@Test
	void aHeldReplyIsSentOnceAndDroppedWhenTheConnectionEnds() {
		AtomicInteger replies = new AtomicInteger();
		this.state.holdReply(replies::incrementAndGet);
		assertThat(this.state.releaseReply()).isTrue();
		assertThat(this.state.releaseReply()).isFalse();
		this.state.holdReply(replies::incrementAndGet);
		this.state.disconnected(CloseStatus.NORMAL);
		assertThat(this.state.releaseReply()).isFalse();
		assertThat(replies).hasValue(1);
	}

}
