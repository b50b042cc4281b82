package io.flasksockets.internal.limits;

import io.flasksockets.RateLimit;

import org.springframework.util.unit.DataSize;

/**
 * How fast a route's peers may send, and what a socket past a limit gets.
 *
 * @param messages messages per socket
 * @param bytes bytes (characters of text) per socket
 * @param userMessages messages per user, through all of the user's sockets of the route on every node
 * @param userBytes bytes (characters of text) per user, through all of the user's sockets of the route on every node
 * @param policy what a socket past a limit gets
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record RateLimits(Allowance messages, Allowance bytes, Allowance userMessages, Allowance userBytes,
		RateLimit.Policy policy) {

	/**
	 * No limits.
	 */
	public static final RateLimits NONE = new RateLimits(Allowance.NONE, Allowance.NONE, Allowance.NONE,
			Allowance.NONE, RateLimit.Policy.DELAY);

	/**
	 * Read a route's annotation.
	 * @param limit the annotation
	 * @return its limits
	 * @throws IllegalArgumentException naming the attribute whose value is invalid
	 */
	public static RateLimits of(RateLimit limit) {
		return new RateLimits(allowance("messagesPerSecond", limit.messagesPerSecond(), limit.messageBurst()),
				new Allowance(size("bytesPerSecond", limit.bytesPerSecond()), size("byteBurst", limit.byteBurst())),
				allowance("userMessagesPerSecond", limit.userMessagesPerSecond(), limit.userMessageBurst()),
				new Allowance(size("userBytesPerSecond", limit.userBytesPerSecond()),
						size("userByteBurst", limit.userByteBurst())),
				limit.policy());
	}

	/**
	 * Whether any limit is set.
	 * @return whether a socket has anything to count
	 */
	public boolean isLimited() {
		return this.messages.isLimited() || this.bytes.isLimited() || this.userMessages.isLimited()
				|| this.userBytes.isLimited();
	}

	/**
	 * Check that a message as large as a route accepts fits in the bytes' burst when the policy closes: a larger one
	 * would always close its socket. (Delayed, it waits until the bucket has refilled what it takes.)
	 * @param largestMessage the largest message the route accepts
	 * @throws IllegalArgumentException if it does not fit
	 */
	public void checkFits(long largestMessage) {
		if (this.policy == RateLimit.Policy.CLOSE) {
			checkFits("byte burst", this.bytes, largestMessage);
			checkFits("user's byte burst", this.userBytes, largestMessage);
		}
	}

	private static void checkFits(String name, Allowance bytes, long largestMessage) {
		if (bytes.isLimited() && bytes.burst() < largestMessage) {
			throw new IllegalArgumentException("a " + name + " of " + bytes.burst()
					+ "B is smaller than the largest message accepted, " + largestMessage
					+ "B, which would always close its socket");
		}
	}

	private static Allowance allowance(String attribute, long perSecond, long burst) {
		if (perSecond < 0 || burst < 0) {
			throw new IllegalArgumentException(attribute + " and its burst must be zero or more");
		}
		return new Allowance(perSecond, burst);
	}

	private static long size(String attribute, String value) {
		if (value.isEmpty()) {
			return 0;
		}
		try {
			long bytes = DataSize.parse(value).toBytes();
			if (bytes < 1) {
				throw new IllegalArgumentException("not positive");
			}
			return bytes;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(attribute + " = \"" + value + "\" is not a positive size, such as \"1MB\"");
		}
	}

}
