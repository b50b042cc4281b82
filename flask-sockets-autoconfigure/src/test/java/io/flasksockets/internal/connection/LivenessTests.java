package io.flasksockets.internal.connection;

import java.time.Duration;
import java.util.List;

import io.flasksockets.internal.limits.RateLimits;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.connection.Liveness.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Liveness}, on a clock the test moves by hand.
 */
class LivenessTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	/**
	 * Pings every 10 s, a pong within 5 s, idle after 60 s.
	 */
	private final Liveness liveness = new Liveness(settings(Duration.ofSeconds(60), Duration.ofSeconds(10)), 0);

	@Test
	void aPingIsDueEveryPingInterval() {
		assertThat(this.liveness.check(9 * SECOND, true)).isEqualTo(Verdict.ALIVE);
		assertThat(this.liveness.check(10 * SECOND, true)).isEqualTo(Verdict.PING_DUE);
		assertThat(this.liveness.check(11 * SECOND, true)).isEqualTo(Verdict.ALIVE);
		this.liveness.heard(12 * SECOND);
		assertThat(this.liveness.check(20 * SECOND, true)).isEqualTo(Verdict.PING_DUE);
	}

	@Test
	void aPeerNotHeardForAPingIntervalAndThePongTimeoutIsUnresponsive() {
		this.liveness.messaged(14 * SECOND);
		assertThat(this.liveness.check(15 * SECOND, true)).isEqualTo(Verdict.PING_DUE);
		assertThat(this.liveness.check(15 * SECOND + 1, true)).isEqualTo(Verdict.UNRESPONSIVE);
	}

	@Test
	void aPongKeepsThePeerAlive() {
		this.liveness.heard(14 * SECOND);
		assertThat(this.liveness.check(20 * SECOND, true)).isNotEqualTo(Verdict.UNRESPONSIVE);
	}

	@Test
	void noDataMessageForTheIdleTimeoutIsIdleEvenWithPongs() {
		for (long second = 5; second <= 60; second += 5) {
			this.liveness.heard(second * SECOND);
			this.liveness.check(second * SECOND, true);
		}
		this.liveness.heard(61 * SECOND);
		assertThat(this.liveness.check(61 * SECOND, true)).isEqualTo(Verdict.IDLE);
		this.liveness.messaged(61 * SECOND);
		assertThat(this.liveness.check(62 * SECOND, true)).isNotEqualTo(Verdict.IDLE);
	}

	@Test
	void timeWhileTheServerIsNotListeningDoesNotCountAgainstThePeer() {
		assertThat(this.liveness.check(100 * SECOND, false)).isEqualTo(Verdict.ALIVE);
		assertThat(this.liveness.check(101 * SECOND, true)).isEqualTo(Verdict.PING_DUE);
		assertThat(this.liveness.check(102 * SECOND, true)).isEqualTo(Verdict.ALIVE);
	}

	@Test
	void withoutPingsOrIdleTimeoutAPeerIsAliveForever() {
		Liveness unlimited = new Liveness(settings(null, null), 0);
		assertThat(unlimited.check(Long.MAX_VALUE / 2, true)).isEqualTo(Verdict.ALIVE);
	}

	private static SocketSettings settings(Duration idleTimeout, Duration pingInterval) {
		return new SocketSettings(65536, 65536, 32, 1024 * 1024, idleTimeout, pingInterval, Duration.ofSeconds(5),
				Duration.ofSeconds(10), 512 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1), List.of(), 1024,
				8192, Duration.ofSeconds(1), null, RateLimits.NONE);
	}

}
