package io.flasksockets.internal.handshake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionSlots}.
 */
class ConnectionSlotsTests {

	@Test
	void noMoreSlotsThanTheLimitAreTaken() {
		ConnectionSlots slots = new ConnectionSlots(2);
		ConnectionSlots.Slot first = slots.tryTake();
		assertThat(first).isNotNull();
		assertThat(slots.tryTake()).isNotNull();
		assertThat(slots.tryTake()).isNull();
		first.giveBack();
		assertThat(slots.tryTake()).isNotNull();
	}

	@Test
	void aSlotGivenBackTwiceIsGivenBackOnce() {
		ConnectionSlots slots = new ConnectionSlots(1);
		ConnectionSlots.Slot slot = slots.tryTake();
		slot.giveBack();
		slot.giveBack();
		assertThat(slots.tryTake()).isNotNull();
		assertThat(slots.tryTake()).isNull();
	}

	@Test
	void aNegativeLimitIsNoLimit() {
		ConnectionSlots slots = new ConnectionSlots(-1);
		for (int i = 0; i < 10_000; i++) {
			assertThat(slots.tryTake()).isNotNull();
		}
	}

	@Test
	void aLimitOfZeroRefusesEverySocket() {
		assertThat(new ConnectionSlots(0).tryTake()).isNull();
	}

}
