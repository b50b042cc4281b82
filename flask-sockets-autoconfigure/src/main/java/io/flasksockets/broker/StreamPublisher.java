package io.flasksockets.broker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.PresenceChange;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what this node publishes into the Redis stream, on a thread and a connection of its own. A publish never
 * waits for Redis: it is accepted into a queue, in order, and the publisher writes the queue in pipelined batches,
 * so one sending thread is not bounded by Redis's round trips. While Redis is unreachable the queue keeps what is
 * published, up to a number of messages and an age; beyond them a publish is refused at once, so that the sender
 * learns which messages did not go out. The publisher reconnects every 100 ms until Redis answers, then writes what
 * waited, in order.
 *
 * <p>What was written recently is kept for as long as a message may wait, and written again into a stream that Redis
 * lost (a restart without persistence, seen as a new epoch), since nodes may not have read it. Each entry carries
 * this publisher's id and number, so that a node delivers it once however often it is written.
 */
final class StreamPublisher {

	private static final Logger logger = LoggerFactory.getLogger(StreamPublisher.class);

	private static final Duration RETRY = Duration.ofMillis(100);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final int MOST_PER_BATCH = 512;

	private final RedisClient client;

	private final String keyPrefix;

	private final String key;

	private final XAddArgs trim;

	private final String source;

	private final int maxWaiting;

	private final long maxWaitNanos;

	private final RedisOutage outage;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition work = this.lock.newCondition();

	private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

	private final ArrayDeque<Pending> written = new ArrayDeque<>();

	private long number;

	private volatile boolean running;

	private @Nullable Thread thread;

	/**
	 * Create a publisher.
	 * @param source this publisher's id in the entries it writes
	 * @param maxWaiting how many messages may wait for Redis
	 * @param maxWait how long a message may wait for Redis
	 */
	StreamPublisher(RedisClient client, String keyPrefix, long streamLength, String source, int maxWaiting,
			Duration maxWait, RedisOutage outage) {
		this.client = client;
		this.keyPrefix = keyPrefix;
		this.key = RedisStream.key(keyPrefix);
		this.trim = XAddArgs.Builder.maxlen(streamLength).approximateTrimming();
		this.source = source;
		this.maxWaiting = maxWaiting;
		this.maxWaitNanos = maxWait.toNanos();
		this.outage = outage;
	}

	void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("flask-sockets-redis-publisher").daemon().start(this::run);
	}

	/**
	 * Stop once what waits has gone out, or the given time has passed.
	 */
	void stop(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.waiting.isEmpty() && this.outage.isOver() && System.nanoTime() < deadline) {
				this.work.awaitNanos(RETRY.toNanos());
			}
			if (!this.waiting.isEmpty()) {
				logger.warn("{} messages this node published could not reach Redis before it stopped",
						this.waiting.size());
			}
			this.running = false;
			this.work.signalAll();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	/**
	 * Accept a delivery for the stream, without waiting for Redis.
	 * @throws SocketBrokerException if as many messages wait as may, or the oldest has waited as long as it may
	 */
	void publish(Delivery delivery) {
		accept(delivery, delivery.to());
	}

	/**
	 * Accept a presence change for the stream, without waiting for Redis.
	 * @throws SocketBrokerException if as many messages wait as may, or the oldest has waited as long as it may
	 */
	void publish(PresenceChange change) {
		accept(change, Address.room(change.room()));
	}

	private void accept(Object payload, Address to) {
		long now = System.nanoTime();
		this.lock.lock();
		try {
			Pending oldest = this.waiting.peekFirst();
			if (this.waiting.size() >= this.maxWaiting
					|| (oldest != null && now - oldest.acceptedNanos() > this.maxWaitNanos)) {
				throw new SocketBrokerException("Cannot publish to " + to + ": " + this.waiting.size()
						+ " messages wait for Redis, the oldest for "
						+ Duration.ofNanos(now - ((oldest != null) ? oldest.acceptedNanos() : now)).toMillis() + " ms",
						null);
			}
			this.waiting.add(new Pending(payload, ++this.number, now));
			this.outage.waited();
			this.work.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many messages wait for Redis.
	 */
	int waiting() {
		this.lock.lock();
		try {
			return this.waiting.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		StatefulRedisConnection<String, String> connection = null;
		String epoch = null;
		while (this.running) {
			try {
				List<Pending> batch = awaitBatch();
				if (batch.isEmpty()) {
					continue;
				}
				if (connection != null && !connection.isOpen()) {
					// Redis closed it while there was nothing to write, such as in a restart: no outage if it is back
					connection.closeAsync();
					connection = null;
				}
				if (connection == null) {
					connection = RedisStream.connect(this.client, this.keyPrefix + ":publisher:" + this.source,
							COMMAND_TIMEOUT);
					String current = RedisStream.epoch(connection.sync(), this.keyPrefix);
					if (epoch != null && !epoch.equals(current)) {
						writeAgain();
						batch = awaitBatch();
					}
					epoch = current;
					connection.setAutoFlushCommands(false);
				}
				write(connection, batch);
				this.outage.works("publisher");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				this.outage.failed("publisher", ex);
				if (connection != null) {
					connection.closeAsync();
					connection = null;
				}
				if (!pause()) {
					break;
				}
			}
		}
		if (connection != null && connection.isOpen()) {
			connection.close();
		}
	}

	/**
	 * Wait for messages to write, and return the first of them, still waiting.
	 */
	private List<Pending> awaitBatch() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.waiting.isEmpty() && this.running) {
				this.work.await();
			}
			List<Pending> batch = new ArrayList<>(Math.min(this.waiting.size(), MOST_PER_BATCH));
			for (Pending pending : this.waiting) {
				if (batch.size() == MOST_PER_BATCH) {
					break;
				}
				batch.add(pending);
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Write a batch in one pipeline, and move what Redis took from the waiting to the written.
	 * @throws IllegalStateException if Redis did not take every message, with why
	 */
	private void write(StatefulRedisConnection<String, String> connection, List<Pending> batch)
			throws InterruptedException {
		RedisAsyncCommands<String, String> redis = connection.async();
		List<RedisFuture<String>> replies = new ArrayList<>(batch.size());
		for (Pending pending : batch) {
			replies.add(redis.xadd(this.key, this.trim, fields(pending)));
		}
		connection.flushCommands();
		long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
		List<String> ids = new ArrayList<>(batch.size());
		Exception failure = null;
		for (RedisFuture<String> reply : replies) {
			try {
				ids.add(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (ExecutionException ex) {
				failure = (ex.getCause() instanceof Exception cause) ? cause : ex;
				break;
			}
			catch (TimeoutException ex) {
				failure = ex;
				break;
			}
		}
		wrote(ids);
		if (failure != null) {
			throw new IllegalStateException("Redis took " + ids.size() + " of " + batch.size() + " messages: "
					+ failure, failure);
		}
	}

	private Map<String, String> fields(Pending pending) {
		return switch (pending.payload()) {
			case Delivery delivery -> RedisStream.fields(delivery, this.source, pending.number());
			case PresenceChange change -> RedisStream.fields(change, this.source, pending.number());
			default -> throw new IllegalStateException("Not a payload: " + pending.payload());
		};
	}

	/**
	 * Move the messages Redis took from the waiting to the written, each delivery with the id Redis gave it first,
	 * and forget written ones older than a message may wait.
	 */
	private void wrote(List<String> ids) {
		long now = System.nanoTime();
		this.lock.lock();
		try {
			for (String id : ids) {
				Pending pending = this.waiting.removeFirst();
				Object payload = (pending.payload() instanceof Delivery delivery && delivery.id() == null)
						? delivery.withId(id) : pending.payload();
				this.written.add(new Pending(payload, pending.number(), now));
			}
			while (!this.written.isEmpty() && (this.written.size() > this.maxWaiting
					|| now - this.written.peekFirst().acceptedNanos() > this.maxWaitNanos)) {
				this.written.removeFirst();
			}
			this.work.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Put what was written recently back ahead of what waits, for a stream that Redis lost.
	 */
	private void writeAgain() {
		this.lock.lock();
		try {
			logger.warn("Redis started the message stream anew: writing the {} messages this node published in the "
					+ "last {} again", this.written.size(), Duration.ofNanos(this.maxWaitNanos));
			while (!this.written.isEmpty()) {
				this.waiting.addFirst(this.written.removeLast());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait before the next attempt to reach Redis.
	 * @return whether to go on
	 */
	private boolean pause() {
		try {
			Thread.sleep(RETRY);
			return this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * A message accepted for the stream.
	 *
	 * @param payload what it carries: a {@link Delivery} or a {@link PresenceChange}
	 * @param number its number for this publisher
	 * @param acceptedNanos when it was accepted, or written
	 */
	private record Pending(Object payload, long number, long acceptedNanos) {

	}

}
