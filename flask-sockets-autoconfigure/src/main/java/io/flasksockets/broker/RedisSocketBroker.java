package io.flasksockets.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The broker of many nodes, over Redis (Spring Data Redis with Lettuce, configured by Spring Boot's
 * {@code spring.data.redis.*}). Messages go into one Redis stream, capped at about {@code streamLength} entries;
 * each node reads it from where it left off, so messages published while a node's connection to Redis is down
 * reach its sockets once it reconnects, as long as they are still in the stream. What a node missed beyond that is
 * counted from the entries' sequence numbers, logged and shown by {@link #health()}. A node reconnects by itself,
 * after a dropped connection, a Redis restart or an output buffer limit (reading fewer messages at a time after a
 * failure, in case an answer was too large for Redis to send).
 *
 * <p>Presence: every node writes how many sockets each of its rooms and users has, with a heartbeat that expires,
 * so the sockets of a node that dies stop counting within three presence intervals.
 *
 * <p>Redis keys, under the prefix: {@code <prefix>:messages} (the stream), {@code <prefix>:messages:seq},
 * {@code <prefix>:node:<id>}, {@code <prefix>:presence:room:<name>}, {@code <prefix>:presence:user:<name>} and
 * {@code <prefix>:presence:all} (hashes of counts by node id).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RedisSocketBroker implements SocketBroker {

	private static final Logger logger = LoggerFactory.getLogger(RedisSocketBroker.class);

	private static final Duration BLOCK = Duration.ofSeconds(1);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

	/**
	 * How long after a blocking read should have returned an outage is taken for one.
	 */
	private static final Duration OUTAGE_NOTICE = Duration.ofSeconds(2);

	private static final int MOST_PER_READ = 512;

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final RedisStream stream;

	private final String keyPrefix;

	private final Duration presenceInterval;

	private final String nodeId = UUID.randomUUID().toString();

	private final AtomicLong lost = new AtomicLong();

	private volatile @Nullable LocalSockets sockets;

	private volatile boolean running;

	private volatile boolean connected = true;

	private volatile long lagMillis;

	private volatile String lastId = "0-0";

	private long lastSequence;

	private Set<Address> published = Set.of();

	private @Nullable Thread reader;

	private @Nullable ScheduledExecutorService heartbeat;

	/**
	 * Create a broker.
	 * @param connectionFactory where Redis is
	 * @param keyPrefix the prefix of every key the broker uses, shared by the nodes of one application
	 * @param streamLength about how many messages the stream keeps for nodes that reconnect
	 * @param presenceInterval how often each node writes its presence
	 */
	public RedisSocketBroker(RedisConnectionFactory connectionFactory, String keyPrefix, long streamLength,
			Duration presenceInterval) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.stream = new RedisStream(this.redis, keyPrefix, streamLength);
		this.keyPrefix = keyPrefix;
		this.presenceInterval = presenceInterval;
	}

	@Override
	public void start(LocalSockets sockets) {
		this.sockets = sockets;
		this.running = true;
		this.lastId = newestId();
		this.reader = Thread.ofPlatform().name("flask-sockets-redis").daemon().start(this::read);
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("flask-sockets-presence").daemon().factory());
		this.heartbeat.scheduleWithFixedDelay(this::writePresence, 0, this.presenceInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.heartbeat != null) {
			this.heartbeat.shutdownNow();
		}
		if (this.reader != null) {
			this.reader.interrupt();
		}
		try {
			this.redis.delete(nodeKey(this.nodeId));
			this.published.forEach((address) -> this.redis.opsForHash().delete(presenceKey(address), this.nodeId));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove this node's presence from Redis", ex);
		}
	}

	/**
	 * Add the delivery to the stream. While this node knows Redis to be unreachable, fail at once rather than wait
	 * for the connection's command timeout.
	 */
	@Override
	public void publish(Delivery delivery) {
		if (!this.connected) {
			throw new SocketBrokerException("Cannot publish to " + delivery.to() + ": Redis is unreachable", null);
		}
		this.stream.add(delivery);
	}

	@Override
	public long remoteCount(Address address) {
		Map<Object, Object> counts = this.redis.opsForHash().entries(presenceKey(address));
		List<String> nodes = counts.keySet().stream().map(String::valueOf).filter((node) -> !node.equals(this.nodeId))
			.toList();
		if (nodes.isEmpty()) {
			return 0;
		}
		List<String> alive = this.redis.opsForValue().multiGet(nodes.stream().map(this::nodeKey).toList());
		long count = 0;
		for (int i = 0; i < nodes.size(); i++) {
			if (alive != null && alive.get(i) != null) {
				count += Long.parseLong(String.valueOf(counts.get(nodes.get(i))));
			}
		}
		return count;
	}

	/**
	 * Return the broker's health: whether it is connected to Redis, how many messages this node missed because
	 * they left the stream while it was disconnected, and how old the last message was when it was delivered.
	 * @return the health
	 */
	public Health health() {
		return new Health(this.connected, this.lost.get(), this.lagMillis);
	}

	private String newestId() {
		List<MapRecord<String, Object, Object>> newest = this.redis.opsForStream()
			.reverseRange(this.stream.key(), Range.unbounded(), Limit.limit().count(1));
		return (newest == null || newest.isEmpty()) ? "0-0" : newest.getFirst().getId().getValue();
	}

	/**
	 * Read the stream from where this node left off, for as long as the broker runs, on a connection of its own
	 * whose commands time out soon after the blocking read would have returned: Lettuce replays a command across a
	 * reconnect, and an outage shows as that timeout.
	 */
	private void read() {
		StatefulRedisConnection<byte[], byte[]> connection = null;
		long retry = 100;
		// Fewer messages per read after a failure, in case the answer was too large for Redis to send
		int perRead = MOST_PER_READ;
		byte[] key = this.stream.key().getBytes(StandardCharsets.UTF_8);
		while (this.running) {
			try {
				if (connection == null) {
					connection = client().connect(ByteArrayCodec.INSTANCE);
					connection.setTimeout(BLOCK.plus(OUTAGE_NOTICE));
					// Named, so that CLIENT LIST tells which node reads. Set through the connection rather than with
					// CLIENT SETNAME, Lettuce names it again after each reconnect
					if (connection instanceof StatefulRedisConnectionImpl<?, ?> named) {
						named.setClientName(readerName());
					}
				}
				List<StreamMessage<byte[], byte[]>> messages = connection.sync()
					.xread(XReadArgs.Builder.block(BLOCK).count(perRead), XReadArgs.StreamOffset.from(key, this.lastId));
				if (!this.connected) {
					this.connected = true;
					logger.info("Connected to Redis again: delivering from message {} on", this.lastId);
				}
				retry = 100;
				perRead = Math.min(perRead * 2, MOST_PER_READ);
				messages.forEach(this::deliver);
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				if (this.connected) {
					this.connected = false;
					logger.warn("Lost the connection to Redis: reconnecting, and delivering from message {} on",
							this.lastId, ex);
				}
				retry = Math.min(retry * 2, LONGEST_RETRY.toMillis());
				perRead = Math.max(perRead / 2, 1);
				if (!pause(retry)) {
					break;
				}
			}
		}
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * Return the client name of this node's reading connection, as {@code CLIENT LIST} shows it.
	 */
	String readerName() {
		return this.keyPrefix + ":reader:" + this.nodeId;
	}

	private RedisClient client() {
		if (this.connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getNativeClient() instanceof RedisClient client) {
			return client;
		}
		throw new IllegalStateException("The Redis broker needs Lettuce on a standalone or Sentinel Redis, not "
				+ this.connectionFactory);
	}

	private void deliver(StreamMessage<byte[], byte[]> message) {
		this.lastId = message.getId();
		this.lagMillis = Math.max(0, System.currentTimeMillis() - Long.parseLong(this.lastId.split("-")[0]));
		Map<byte[], byte[]> fields = message.getBody();
		try {
			count(RedisStream.sequence(fields));
			Objects.requireNonNull(this.sockets).deliver(RedisStream.read(fields));
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped message {} of the Redis stream: it is not a delivery", this.lastId, ex);
		}
	}

	/**
	 * Count the messages between the last one delivered and this one, which left the stream before this node
	 * read them.
	 */
	private void count(@Nullable Long sequence) {
		if (sequence == null) {
			return;
		}
		if (this.lastSequence > 0 && sequence > this.lastSequence + 1) {
			long missed = sequence - this.lastSequence - 1;
			this.lost.addAndGet(missed);
			logger.warn("{} messages left the Redis stream before this node could read them (raise "
					+ "flask-sockets.redis.stream-length to ride out longer outages)", missed);
		}
		else if (sequence <= this.lastSequence) {
			logger.warn("Redis started its message stream anew (a restart without persistence?): messages "
					+ "published before may not have reached this node");
		}
		this.lastSequence = sequence;
	}

	/**
	 * Tell the other nodes that this node is alive and how many sockets each of its rooms and users has.
	 */
	private void writePresence() {
		try {
			Map<Address, Long> presence = Objects.requireNonNull(this.sockets).presence();
			Duration expiry = this.presenceInterval.multipliedBy(3);
			this.redis.opsForValue().set(nodeKey(this.nodeId), "alive", expiry);
			this.published.stream()
				.filter((address) -> !presence.containsKey(address))
				.forEach((address) -> this.redis.opsForHash().delete(presenceKey(address), this.nodeId));
			presence.forEach((address, count) -> {
				this.redis.opsForHash().put(presenceKey(address), this.nodeId, Long.toString(count));
				this.redis.expire(presenceKey(address), expiry);
			});
			this.published = Set.copyOf(presence.keySet());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write this node's presence to Redis", ex);
		}
	}

	private String nodeKey(String node) {
		return this.keyPrefix + ":node:" + node;
	}

	private String presenceKey(Address address) {
		return this.keyPrefix + ":presence:" + address;
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * How the broker's connection to Redis is doing.
	 *
	 * @param connected whether it is connected to Redis
	 * @param lost how many messages this node missed because they left the stream while it was disconnected
	 * @param lagMillis how old the last message was when this node delivered it, in milliseconds
	 */
	public record Health(boolean connected, long lost, long lagMillis) {

	}

}
