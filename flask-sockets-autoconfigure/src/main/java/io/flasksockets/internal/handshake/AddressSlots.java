package io.flasksockets.internal.handshake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * A bound on how many sockets one peer address may have open at once. Addresses without sockets are forgotten,
 * so the bound costs memory only for the addresses that have sockets.
 */
final class AddressSlots {

	private static final Runnable NOTHING = () -> {
	};

	private final int limit;

	private final Map<String, Integer> taken = new ConcurrentHashMap<>();

	/**
	 * Create slots.
	 * @param limit how many sockets one address may have open at once, or a negative number for no limit
	 */
	AddressSlots(int limit) {
		this.limit = limit;
	}

	/**
	 * Take a slot of an address.
	 * @return what gives the slot back (once, however often it runs), or {@code null} if the address has all its
	 * slots taken
	 */
	@Nullable Runnable tryTake(String address) {
		if (this.limit < 0) {
			return NOTHING;
		}
		AtomicBoolean took = new AtomicBoolean();
		this.taken.compute(address, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.limit) {
				return count;
			}
			took.set(true);
			return current + 1;
		});
		if (!took.get()) {
			return null;
		}
		AtomicBoolean given = new AtomicBoolean();
		return () -> {
			if (given.compareAndSet(false, true)) {
				this.taken.computeIfPresent(address, (key, count) -> (count <= 1) ? null : count - 1);
			}
		};
	}

}
