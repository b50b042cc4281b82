package io.flasksockets.internal.limits;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * One token bucket's size: how many tokens (messages, or bytes) it gives per second, and how many it holds.
 *
 * @param perSecond the tokens per second, or {@code 0} for no limit
 * @param burst the tokens it holds, at least one second's
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Allowance(long perSecond, long burst) {

	/**
	 * No limit.
	 */
	public static final Allowance NONE = new Allowance(0, 0);

	/**
	 * Create an allowance; a burst of {@code 0} means one second's tokens.
	 * @throws IllegalArgumentException if either is negative
	 */
	public Allowance {
		if (perSecond < 0 || burst < 0) {
			throw new IllegalArgumentException("a rate and a burst are zero or more");
		}
		burst = (burst == 0) ? perSecond : burst;
	}

	/**
	 * Whether it limits anything.
	 * @return whether it has a rate
	 */
	public boolean isLimited() {
		return this.perSecond > 0;
	}

	/**
	 * Return a bucket of this size in this JVM, full.
	 */
	Bucket bucket() {
		return Bucket.builder().addLimit(bandwidth()).build();
	}

	/**
	 * Return the configuration of a bucket of this size kept elsewhere.
	 */
	BucketConfiguration configuration() {
		return BucketConfiguration.builder().addLimit(bandwidth()).build();
	}

	private Bandwidth bandwidth() {
		return Bandwidth.builder().capacity(this.burst).refillGreedy(this.perSecond, Duration.ofSeconds(1)).build();
	}

}
