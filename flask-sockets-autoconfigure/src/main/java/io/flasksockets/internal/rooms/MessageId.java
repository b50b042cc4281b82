package io.flasksockets.internal.rooms;

import org.jspecify.annotations.Nullable;

/**
 * A message id of the form {@code <a>-<b>}, two numbers that order ids as Redis orders its stream entries: by the
 * first, then the second. The Redis broker's ids are its stream's; the in-memory broker's are its epoch and a
 * number.
 *
 * @param high the first number
 * @param low the second number
 */
record MessageId(long high, long low) implements Comparable<MessageId> {

	static final MessageId ZERO = new MessageId(0, 0);

	/**
	 * Parse an id.
	 * @throws IllegalArgumentException if it is not of the form {@code <a>-<b>}
	 */
	static MessageId parse(String id) {
		MessageId parsed = tryParse(id);
		if (parsed == null) {
			throw new IllegalArgumentException("Not a message id: '" + id + "'");
		}
		return parsed;
	}

	/**
	 * Parse an id that a peer gave.
	 * @return the id, or {@code null} if it is not one
	 */
	static @Nullable MessageId tryParse(@Nullable String id) {
		if (id == null) {
			return null;
		}
		int dash = id.indexOf('-');
		try {
			return (dash > 0) ? new MessageId(Long.parseLong(id.substring(0, dash)),
					Long.parseLong(id.substring(dash + 1))) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Return the later of two ids.
	 */
	static MessageId max(MessageId one, MessageId other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	@Override
	public int compareTo(MessageId other) {
		int high = Long.compare(this.high, other.high);
		return (high != 0) ? high : Long.compare(this.low, other.low);
	}

	/**
	 * Return the id in its {@code <a>-<b>} form.
	 */
	@Override
	public String toString() {
		return this.high + "-" + this.low;
	}

}
