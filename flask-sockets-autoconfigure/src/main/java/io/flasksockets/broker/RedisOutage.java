package io.flasksockets.broker;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker's connections to Redis work, logged once when an outage starts (a warning, with the cause but
 * no stack trace, since an outage is expected) and once when it ends (how long it lasted, how many messages waited
 * for Redis meanwhile, and how many could not be recovered). Each connection of the broker reports on its own; the
 * outage lasts until every one works again.
 */
final class RedisOutage {

	private static final Logger logger = LoggerFactory.getLogger(RedisSocketBroker.class);

	private final Set<String> down = ConcurrentHashMap.newKeySet();

	private final AtomicLong waited = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	private volatile long startedNanos;

	private volatile Runnable whenOver = () -> {
	};

	/**
	 * Record that a connection failed.
	 * @param connection which of the broker's connections
	 */
	synchronized void failed(String connection, Exception cause) {
		if (this.down.isEmpty()) {
			this.startedNanos = System.nanoTime();
			this.waited.set(0);
			this.lost.set(0);
			logger.warn("Lost the connection to Redis ({}): messages this node sends wait for it, and what other "
					+ "nodes send is read once it is back", describe(cause));
			logger.debug("The failure that started the outage", cause);
		}
		this.down.add(connection);
	}

	/**
	 * Record that a connection works.
	 * @param connection which of the broker's connections
	 */
	synchronized void works(String connection) {
		if (this.down.remove(connection) && this.down.isEmpty()) {
			logger.info("Connected to Redis again after {}: {} messages waited for it and went out, {} could not be "
					+ "recovered", Duration.ofNanos(System.nanoTime() - this.startedNanos), this.waited.get(),
					this.lost.get());
			this.whenOver.run();
		}
	}

	/**
	 * Set what to do each time an outage ends; it must not wait.
	 */
	void whenOver(Runnable action) {
		this.whenOver = action;
	}

	/**
	 * Whether every connection works.
	 */
	boolean isOver() {
		return this.down.isEmpty();
	}

	/**
	 * Count a message that waited for Redis during the outage.
	 */
	void waited() {
		if (!this.down.isEmpty()) {
			this.waited.incrementAndGet();
		}
	}

	/**
	 * Count messages that could not be recovered.
	 */
	void lost(long messages) {
		this.lost.addAndGet(messages);
	}

	private static String describe(Exception cause) {
		Throwable root = cause;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getClass().getSimpleName() + ": " + root.getMessage()
				: root.getClass().getSimpleName();
	}

}
