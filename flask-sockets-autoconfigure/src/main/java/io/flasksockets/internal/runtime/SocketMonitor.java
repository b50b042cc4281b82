package io.flasksockets.internal.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.routing.SocketSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps the open sockets on one small scheduler thread, letting each {@linkplain BlockingSocket#check(long)
 * enforce} its keepalive, idle, send and close limits, and starts a check of the sockets' HTTP sessions every
 * session check interval. The sweep never blocks on a peer or a store: whatever must write, close or ask runs on
 * the starter's own threads.
 */
final class SocketMonitor {

	private static final Logger logger = LoggerFactory.getLogger(SocketMonitor.class);

	private static final Duration LONGEST_TICK = Duration.ofSeconds(1);

	private static final Duration SHORTEST_TICK = Duration.ofMillis(10);

	private final Supplier<Collection<BlockingSocket>> sockets;

	private final Duration tick;

	private final Runnable sessionCheck;

	private final long sessionCheckIntervalNanos;

	private long lastSessionCheckNanos = System.nanoTime();

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a monitor.
	 * @param sockets the open sockets
	 * @param settings the global settings, which decide how often it sweeps
	 * @param sessionCheck starts a check of the sockets' HTTP sessions, without waiting for it
	 */
	SocketMonitor(Supplier<Collection<BlockingSocket>> sockets, SocketSettings settings, Runnable sessionCheck) {
		this.sockets = sockets;
		this.tick = tick(settings);
		this.sessionCheck = sessionCheck;
		this.sessionCheckIntervalNanos = settings.sessionCheckInterval().toNanos();
	}

	/**
	 * A quarter of the shortest limit, so that each is enforced within a quarter of its length, and at most a
	 * second.
	 */
	private static Duration tick(SocketSettings settings) {
		Duration shortest = Stream.of(settings.pingInterval(), settings.pongTimeout(), settings.idleTimeout(),
				settings.sendTimeLimit(), settings.sessionCheckInterval(), LONGEST_TICK.multipliedBy(4))
			.filter((duration) -> duration != null && duration.isPositive())
			.min(Duration::compareTo)
			.orElseThrow();
		Duration quarter = shortest.dividedBy(4);
		return (quarter.compareTo(SHORTEST_TICK) < 0) ? SHORTEST_TICK : quarter;
	}

	void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
			.name("flask-sockets-monitor")
			.daemon()
			.factory());
		this.scheduler.scheduleWithFixedDelay(this::sweep, this.tick.toNanos(), this.tick.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	/**
	 * Check every socket. A check that fails is logged and the sweep goes on: a scheduled task that throws is
	 * never run again, and every socket would lose its keepalive and limits.
	 */
	private void sweep() {
		long now = System.nanoTime();
		if (now - this.lastSessionCheckNanos >= this.sessionCheckIntervalNanos) {
			this.lastSessionCheckNanos = now;
			this.sessionCheck.run();
		}
		for (BlockingSocket socket : this.sockets.get()) {
			try {
				socket.check(now);
			}
			catch (RuntimeException ex) {
				logger.error("Checking the limits of socket {} failed", socket.id(), ex);
			}
		}
	}

}
