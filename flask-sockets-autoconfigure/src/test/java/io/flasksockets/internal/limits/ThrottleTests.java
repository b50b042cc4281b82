package io.flasksockets.internal.limits;

import java.util.concurrent.atomic.AtomicBoolean;

import io.flasksockets.RateLimit;
import io.flasksockets.internal.telemetry.SocketMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Throttle}: what it decides without waiting.
 */
class ThrottleTests {

	private static final long HELLO = "hello".length();

	@Test
	void pastTheBurstTheClosePolicySaysClose() {
		Throttle throttle = throttle(new RateLimits(new Allowance(1, 2), Allowance.NONE, Allowance.NONE, Allowance.NONE,
				RateLimit.Policy.CLOSE), "alice");
		assertThat(throttle.admit(HELLO, () -> false)).isTrue();
		assertThat(throttle.admit(HELLO, () -> false)).isTrue();
		assertThat(throttle.admit(HELLO, () -> false)).isFalse();
		assertThat(throttle.limited()).isOne();
	}

	@Test
	void aMessageThatWouldWaitLongerThanTheCapSaysCloseAtOnce() {
		// 1 byte per second: 100 bytes past an empty bucket would wait 99 s
		Throttle throttle = throttle(new RateLimits(Allowance.NONE, new Allowance(1, 1), Allowance.NONE, Allowance.NONE,
				RateLimit.Policy.DELAY), "alice");
		long start = System.nanoTime();
		assertThat(throttle.admit(100, () -> false)).isFalse();
		assertThat(System.nanoTime() - start).as("no wait first").isLessThan(Throttle.MAX_WAIT.toNanos());
	}

	@Test
	void anEmptyMessageCostsNoBytes() {
		Throttle throttle = throttle(new RateLimits(Allowance.NONE, new Allowance(1, 1), Allowance.NONE, Allowance.NONE,
				RateLimit.Policy.CLOSE), "alice");
		assertThat(throttle.admit(0, () -> false)).isTrue();
		assertThat(throttle.admit(1, () -> false)).isTrue();
		assertThat(throttle.limited()).isZero();
	}

	@Test
	void aSocketThatClosesEndsItsWait() {
		Throttle throttle = throttle(new RateLimits(new Allowance(1, 1), Allowance.NONE, Allowance.NONE, Allowance.NONE,
				RateLimit.Policy.DELAY), "alice");
		AtomicBoolean closed = new AtomicBoolean();
		assertThat(throttle.admit(HELLO, closed::get)).isTrue();
		closed.set(true);
		// The second would wait a second for its token; the socket is closed already
		long start = System.nanoTime();
		assertThat(throttle.admit(HELLO, closed::get)).isTrue();
		assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
	}

	@Test
	void aUsersSocketsShareOneBucketUntilTheLastIsReleased() {
		UserBuckets users = UserBuckets.local();
		RateLimits limits = new RateLimits(Allowance.NONE, Allowance.NONE, new Allowance(1, 1), Allowance.NONE,
				RateLimit.Policy.CLOSE);
		Throttle first = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "alice");
		Throttle second = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "alice");
		assertThat(first.admit(HELLO, () -> false)).isTrue();
		assertThat(second.admit(HELLO, () -> false)).as("the shared token is spent").isFalse();
		first.release();
		second.release();
		Throttle later = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "alice");
		assertThat(later.admit(HELLO, () -> false)).as("a new bucket once nobody used the old one").isTrue();
	}

	@Test
	void aUsersSocketsShareOneBucketOfBytes() {
		UserBuckets users = UserBuckets.local();
		// 1 B/s: nothing refills between the calls
		RateLimits limits = new RateLimits(Allowance.NONE, Allowance.NONE, Allowance.NONE, new Allowance(1, 10),
				RateLimit.Policy.CLOSE);
		Throttle first = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "alice");
		Throttle second = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "alice");
		Throttle bob = Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, users, "/chat", "bob");
		assertThat(first.admit(6, () -> false)).isTrue();
		assertThat(second.admit(6, () -> false)).as("4 bytes left of alice's 10").isFalse();
		assertThat(second.admit(4, () -> false)).isTrue();
		assertThat(bob.admit(10, () -> false)).as("bob's own bucket").isTrue();
	}

	@Test
	void withoutLimitsNothingIsCounted() {
		assertThat(throttle(RateLimits.NONE, "alice")).isSameAs(Throttle.NONE);
	}

	private static Throttle throttle(RateLimits limits, String user) {
		return Throttle.of(limits, SocketMetrics.RouteMetrics.NONE, UserBuckets.local(), "/route", user);
	}

}
