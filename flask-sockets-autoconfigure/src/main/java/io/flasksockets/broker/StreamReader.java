package io.flasksockets.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Redis stream from where this node left off and delivers each entry to this node's sockets, on a thread
 * and a connection of its own, so that what was written while this node was cut off from Redis reaches its sockets
 * once it is back. It reconnects every 100 ms until Redis answers; a stream Redis lost (a new epoch) is read from its
 * start. An entry already delivered (written again by its publisher) is dropped, and entries of a publisher that
 * never arrived (they left the stream, or Redis lost them) are counted and logged.
 */
final class StreamReader {

	private static final Logger logger = LoggerFactory.getLogger(StreamReader.class);

	private static final Duration BLOCK = Duration.ofSeconds(1);

	private static final Duration RETRY = Duration.ofMillis(100);

	private static final Duration STOP_WAIT = Duration.ofSeconds(2);

	private static final int MOST_PER_READ = 512;

	private final RedisClient client;

	private final String keyPrefix;

	private final String key;

	private final String name;

	private final RedisOutage outage;

	private final LocalSockets sockets;

	private final int recall;

	private final Map<String, Long> lastNumbers = new ConcurrentHashMap<>();

	private final AtomicLong lost = new AtomicLong();

	private volatile boolean running;

	private volatile @Nullable String lastId;

	private volatile @Nullable String epoch;

	private volatile long lagMillis;

	private @Nullable Thread thread;

	/**
	 * Create a reader.
	 * @param name the name of its connection, as {@code CLIENT LIST} shows it
	 * @param recall how many of the stream's newest entries to keep for sockets that join again, when it starts
	 */
	StreamReader(RedisClient client, String keyPrefix, String name, RedisOutage outage, LocalSockets sockets,
			int recall) {
		this.client = client;
		this.keyPrefix = keyPrefix;
		this.key = RedisStream.key(keyPrefix);
		this.name = name;
		this.outage = outage;
		this.sockets = sockets;
		this.recall = recall;
	}

	/**
	 * Start reading from the newest entry on; the first connection is opened before this returns, so that what is
	 * published from then on is read.
	 */
	void start() {
		this.running = true;
		StatefulRedisConnection<String, String> first = null;
		try {
			first = open();
		}
		catch (RuntimeException ex) {
			this.outage.failed("reader", ex);
		}
		StatefulRedisConnection<String, String> connection = first;
		this.thread = Thread.ofPlatform().name("flask-sockets-redis").daemon().start(() -> run(connection));
	}

	/**
	 * Stop reading, and wait a moment for the reader to close its connection, before the client shuts down.
	 */
	void stop() {
		this.running = false;
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(STOP_WAIT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	long lost() {
		return this.lost.get();
	}

	long lagMillis() {
		return this.lagMillis;
	}

	/**
	 * Open a connection and find where to read from: where this node left off, the start of a stream Redis started
	 * anew, or, the first time, the newest entry.
	 */
	private StatefulRedisConnection<String, String> open() {
		StatefulRedisConnection<String, String> connection = RedisStream.connect(this.client, this.name,
				BLOCK.plusSeconds(1));
		try {
			String current = RedisStream.epoch(connection.sync(), this.keyPrefix);
			if (this.epoch != null && !this.epoch.equals(current)) {
				logger.warn("Redis started the message stream anew: reading the new stream from its start");
				this.lastId = "0-0";
			}
			this.epoch = current;
			if (this.lastId == null) {
				this.lastId = recall(connection.sync());
			}
			return connection;
		}
		catch (RuntimeException ex) {
			connection.closeAsync();
			throw ex;
		}
	}

	private void run(@Nullable StatefulRedisConnection<String, String> first) {
		StatefulRedisConnection<String, String> connection = first;
		// Fewer messages per read after a failure, in case the answer was too large for Redis to send
		int perRead = MOST_PER_READ;
		while (this.running) {
			try {
				if (connection == null) {
					connection = open();
				}
				List<StreamMessage<String, String>> messages = connection.sync()
					.xread(XReadArgs.Builder.block(BLOCK).count(perRead), XReadArgs.StreamOffset.from(this.key,
							this.lastId));
				this.outage.works("reader");
				perRead = Math.min(perRead * 2, MOST_PER_READ);
				messages.forEach(this::deliverSafely);
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				this.outage.failed("reader", ex);
				if (connection != null) {
					connection.closeAsync();
					connection = null;
				}
				perRead = Math.max(perRead / 2, 1);
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
	 * Deliver a message, reporting a failure to deliver it apart from a failure of Redis, and reading on.
	 */
	private void deliverSafely(StreamMessage<String, String> message) {
		try {
			deliver(message);
		}
		catch (RuntimeException ex) {
			logger.error("Could not deliver message {} of the Redis stream to this node's sockets", message.getId(), ex);
		}
	}

	private void deliver(StreamMessage<String, String> message) {
		this.lastId = message.getId();
		this.lagMillis = Math.max(0, System.currentTimeMillis() - Long.parseLong(message.getId().split("-")[0]));
		RedisStream.Entry entry = read(message);
		if (entry == null || (entry.source() != null && !isNext(entry.source(), entry.number()))) {
			return;
		}
		if (entry.delivery() != null) {
			this.sockets.deliver(entry.delivery());
		}
		else if (entry.presence() != null) {
			this.sockets.presenceChanged(entry.presence());
		}
	}

	private static RedisStream.@Nullable Entry read(StreamMessage<String, String> message) {
		try {
			return RedisStream.read(message.getId(), message.getBody());
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped message {} of the Redis stream: it is not a delivery", message.getId(), ex);
			return null;
		}
	}

	/**
	 * Keep the stream's most recent room messages for sockets that join again, and mark where this node's history
	 * begins: right after the oldest kept, or at the start of a stream that holds no more.
	 * @return the newest entry's id, from which to read on
	 */
	private String recall(RedisCommands<String, String> redis) {
		int most = Math.max(1, this.recall);
		List<StreamMessage<String, String>> newest = redis.xrevrange(this.key, Range.create("-", "+"),
				Limit.from(most));
		for (StreamMessage<String, String> message : newest.reversed()) {
			RedisStream.Entry entry = read(message);
			if (entry != null && entry.delivery() != null) {
				this.sockets.recall(entry.delivery());
			}
		}
		this.sockets.historyBeginsAfter((newest.size() < most) ? "0-0" : newest.getLast().getId());
		return newest.isEmpty() ? "0-0" : newest.getFirst().getId();
	}

	/**
	 * Whether an entry of a publisher comes after the last one delivered, counting those in between as lost.
	 * @return {@code false} for an entry already delivered
	 */
	private boolean isNext(String source, long number) {
		Long last = this.lastNumbers.get(source);
		if (last != null && number <= last) {
			return false;
		}
		if (last != null && number > last + 1) {
			long missed = number - last - 1;
			this.lost.addAndGet(missed);
			this.outage.lost(missed);
			logger.warn("{} messages of another node never reached this node: they left the Redis stream, or Redis "
					+ "lost them, before this node read them (raise flask-sockets.redis.stream-length to ride out "
					+ "longer outages)", missed);
		}
		this.lastNumbers.put(source, number);
		return true;
	}

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

}
