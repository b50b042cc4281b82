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
		Runnable first = slots.tryTake();
		assertThat(first).isNotNull();
		assertThat(slots.tryTake()).isNotNull();
		assertThat(slots.tryTake()).isNull();
		first.run();
		assertThat(slots.tryTake()).isNotNull();
	}

	@Test
	void aSlotGivenBackTwiceIsGivenBackOnce() {
		ConnectionSlots slots = new ConnectionSlots(1);
		Runnable slot = slots.tryTake();
		slot.run();
		slot.run();
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
	void anAddressHasItsOwnSlotsAndIsForgottenOnceItHasNone() {
		AddressSlots slots = new AddressSlots(1);
		Runnable first = slots.tryTake("10.0.0.1");
		assertThat(first).isNotNull();
		assertThat(slots.tryTake("10.0.0.1")).isNull();
		assertThat(slots.tryTake("10.0.0.2")).isNotNull();
		first.run();
		first.run();
		assertThat(slots.tryTake("10.0.0.1")).isNotNull();
		assertThat(slots.tryTake("10.0.0.1")).isNull();
	}

	@Test
	void aLimitOfZeroRefusesEverySocket() {
		assertThat(new ConnectionSlots(0).tryTake()).isNull();
	}

}
