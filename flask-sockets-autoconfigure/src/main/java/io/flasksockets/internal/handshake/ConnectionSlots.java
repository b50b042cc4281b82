package io.flasksockets.internal.handshake;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A bound on how many sockets may be open at once, on one route or on the whole server. A handshake takes a slot
 * before it upgrades, and the slot is given back when its socket finishes or the handshake fails.
 */
final class ConnectionSlots {

	private final int limit;

	private final AtomicInteger taken = new AtomicInteger();

	/**
	 * Create slots.
	 * @param limit how many sockets may be open at once, or a negative number for no limit
	 */
	ConnectionSlots(int limit) {
		this.limit = limit;
	}

	/**
	 * Take a slot.
	 * @return the slot, or {@code null} if all are taken
	 */
	@Nullable Slot tryTake() {
		if (this.limit < 0) {
			return new Slot(null);
		}
		if (this.taken.incrementAndGet() > this.limit) {
			this.taken.decrementAndGet();
			return null;
		}
		return new Slot(this.taken);
	}

	/**
	 * A taken slot; giving it back twice gives it back once.
	 */
	static final class Slot {

		private final @Nullable AtomicInteger taken;

		private final AtomicBoolean given = new AtomicBoolean();

		private Slot(@Nullable AtomicInteger taken) {
			this.taken = taken;
		}

		void giveBack() {
			if (this.taken != null && this.given.compareAndSet(false, true)) {
				this.taken.decrementAndGet();
			}
		}

	}

}
