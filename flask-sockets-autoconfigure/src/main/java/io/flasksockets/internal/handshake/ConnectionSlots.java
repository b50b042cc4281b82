package io.flasksockets.internal.handshake;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A bound on how many sockets may be open at once: on one route, on the whole server, or compressing. A handshake
 * takes a slot before it upgrades, and the slot is given back when its socket finishes or the handshake fails.
 */
final class ConnectionSlots {

	private static final Runnable NOTHING = () -> {
	};

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
	 * @return what gives the slot back (once, however often it runs), or {@code null} if all are taken
	 */
	@Nullable Runnable tryTake() {
		if (this.limit < 0) {
			return NOTHING;
		}
		if (this.taken.incrementAndGet() > this.limit) {
			this.taken.decrementAndGet();
			return null;
		}
		AtomicBoolean given = new AtomicBoolean();
		return () -> {
			if (given.compareAndSet(false, true)) {
				this.taken.decrementAndGet();
			}
		};
	}

}
