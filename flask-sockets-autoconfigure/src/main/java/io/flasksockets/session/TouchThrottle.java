package io.flasksockets.session;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Lets a session's last-access time be written at most once per a quarter of its timeout, between 1 second and 1
 * minute, so that a busy socket keeps its session alive without a store write per message. The writes run on
 * virtual threads of their own, never behind the application's socket handlers.
 */
final class TouchThrottle {

	private static final long SHORTEST = Duration.ofSeconds(1).toNanos();

	private static final long LONGEST = Duration.ofMinutes(1).toNanos();

	private static final Executor writes = (write) -> Thread.ofVirtual().name("flask-sockets-session").start(write);

	private final long intervalNanos;

	private volatile long lastTouchNanos = System.nanoTime();

	TouchThrottle(Duration sessionTimeout) {
		long quarter = sessionTimeout.isPositive() ? sessionTimeout.toNanos() / 4 : LONGEST;
		this.intervalNanos = Math.clamp(quarter, SHORTEST, LONGEST);
	}

	/**
	 * Start the write if the last one is at least an interval old.
	 */
	void touch(Runnable write) {
		long now = System.nanoTime();
		if (now - this.lastTouchNanos >= this.intervalNanos) {
			this.lastTouchNanos = now;
			writes.execute(write);
		}
	}

}
