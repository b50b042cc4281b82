package io.flasksockets.broker;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.flasksockets.PresenceChange;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The broker of many nodes, over Redis (Spring Data Redis with Lettuce, configured by Spring Boot's
 * {@code spring.data.redis.*}). Messages go into one Redis stream, capped at about {@code streamLength} entries;
 * each node reads it from where it left off, so messages published while a node's connection to Redis is down
 * reach its sockets once it reconnects, as long as they are still in the stream.
 *
 * <p>A publish never waits for Redis: this node's messages wait in a queue and are written, in order and pipelined,
 * by a publisher of their own. While Redis is unreachable they wait, up to {@code maxWaiting} messages for
 * {@code maxWait}; beyond that a publish fails at once with {@link SocketBrokerException}. A stream that Redis lost
 * (a restart without persistence) gets this node's recent messages again, and nodes deliver each message once. The
 * connections come back within about 100 ms of Redis answering again; an outage is logged once when it starts and
 * once when it ends, and shown by {@link #health()}, as are messages that could not be recovered.
 *
 * <p>Presence: each room's sockets are written to Redis as they join and leave, so that every node counts a join as
 * soon as it has returned, and the change goes to every node through the stream; every node writes how many
 * sockets each of its users has, with a heartbeat that expires, so the sockets of a node that dies stop counting
 * within three presence intervals. Each message gets an id, its stream entry's, the same on every node; when a node
 * starts, it keeps the stream's newest room messages, for sockets that join again.
 *
 * <p>Redis keys, under the prefix: {@code <prefix>:messages} (the stream), {@code <prefix>:epoch},
 * {@code <prefix>:node:<id>}, {@code <prefix>:members:room:<name>} (a hash of a room's sockets by id, with their
 * node and user), {@code <prefix>:presence:user:<name>} and {@code <prefix>:presence:all} (hashes of counts by node
 * id).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RedisSocketBroker implements SocketBroker {

	private static final Logger logger = LoggerFactory.getLogger(RedisSocketBroker.class);

	/**
	 * How many messages may wait for Redis unless the application says otherwise.
	 */
	static final int DEFAULT_MAX_WAITING = 10_000;

	/**
	 * How long a message may wait for Redis unless the application says otherwise.
	 */
	static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

	/**
	 * How long stopping waits for this node's messages to reach Redis.
	 */
	private static final Duration FLUSH_ON_STOP = Duration.ofSeconds(2);

	/**
	 * How long stopping waits for the broker's connections to close.
	 */
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final long streamLength;

	private final Duration presenceInterval;

	private final int maxWaiting;

	private final Duration maxWait;

	private final String nodeId = UUID.randomUUID().toString();

	private final RedisOutage outage = new RedisOutage();

	private volatile @Nullable RedisClient client;

	private volatile @Nullable StreamPublisher publisher;

	private volatile @Nullable StreamReader reader;

	private volatile @Nullable LocalSockets sockets;

	private volatile @Nullable RedisPresence presence;

	private @Nullable ScheduledExecutorService heartbeat;

	/**
	 * Create a broker whose messages may wait for Redis as they may by default (10,000 messages, 30 seconds).
	 * @param connectionFactory where Redis is
	 * @param keyPrefix the prefix of every key the broker uses, shared by the nodes of one application
	 * @param streamLength about how many messages the stream keeps for nodes that reconnect
	 * @param presenceInterval how often each node writes its presence
	 */
	public RedisSocketBroker(RedisConnectionFactory connectionFactory, String keyPrefix, long streamLength,
			Duration presenceInterval) {
		this(connectionFactory, keyPrefix, streamLength, presenceInterval, DEFAULT_MAX_WAITING, DEFAULT_MAX_WAIT);
	}

	/**
	 * Create a broker.
	 * @param connectionFactory where Redis is
	 * @param keyPrefix the prefix of every key the broker uses, shared by the nodes of one application
	 * @param streamLength about how many messages the stream keeps for nodes that reconnect
	 * @param presenceInterval how often each node writes its presence
	 * @param maxWaiting how many of this node's messages may wait for Redis while it is unreachable
	 * @param maxWait how long one of this node's messages may wait for Redis
	 */
	public RedisSocketBroker(RedisConnectionFactory connectionFactory, String keyPrefix, long streamLength,
			Duration presenceInterval, int maxWaiting, Duration maxWait) {
		this.connectionFactory = connectionFactory;
		this.keyPrefix = keyPrefix;
		this.streamLength = streamLength;
		this.presenceInterval = presenceInterval;
		this.maxWaiting = maxWaiting;
		this.maxWait = maxWait;
	}

	@Override
	public void start(LocalSockets sockets) {
		this.sockets = sockets;
		RedisClient client = RedisClients.create(this.connectionFactory);
		this.client = client;
		StreamPublisher publisher = new StreamPublisher(client, this.keyPrefix, this.streamLength, this.nodeId,
				this.maxWaiting, this.maxWait, this.outage);
		StreamReader reader = new StreamReader(client, this.keyPrefix, readerName(), this.outage, sockets,
				(int) Math.min(this.streamLength, Integer.MAX_VALUE));
		RedisPresence presence = new RedisPresence(client, this.keyPrefix, this.nodeId, this.presenceInterval,
				this.outage);
		this.presence = presence;
		this.publisher = publisher;
		this.reader = reader;
		reader.start();
		publisher.start();
		ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("flask-sockets-presence").daemon().factory());
		this.heartbeat = heartbeat;
		Runnable beat = () -> presence.heartbeat(sockets);
		heartbeat.scheduleWithFixedDelay(beat, 0, this.presenceInterval.toMillis(), TimeUnit.MILLISECONDS);
		// Redis may have lost this node's presence in the outage: write it again at once
		this.outage.whenOver(() -> {
			try {
				heartbeat.execute(beat);
			}
			catch (RejectedExecutionException ex) {
				logger.debug("The broker stopped before its presence could be written again", ex);
			}
		});
	}

	@Override
	public void stop() {
		if (this.heartbeat != null) {
			this.heartbeat.shutdownNow();
		}
		StreamPublisher publisher = this.publisher;
		if (publisher != null) {
			publisher.stop(FLUSH_ON_STOP);
		}
		StreamReader reader = this.reader;
		if (reader != null) {
			reader.stop();
		}
		RedisPresence presence = this.presence;
		if (presence != null) {
			presence.remove();
		}
		RedisClient client = this.client;
		if (client != null) {
			// Waits for its connections to close: their event loops belong to the application's client, which shuts
			// down next and would refuse their last notifications
			client.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Accept the delivery for the stream, without waiting for Redis.
	 * @throws SocketBrokerException if as many of this node's messages wait for Redis as may, or the oldest has
	 * waited as long as it may
	 */
	@Override
	public void publish(Delivery delivery) {
		StreamPublisher publisher = this.publisher;
		if (publisher == null) {
			throw new SocketBrokerException("Cannot publish to " + delivery.to() + ": the broker has not started",
					null);
		}
		publisher.publish(delivery);
	}

	/**
	 * Accept the presence change for the stream, without waiting for Redis; while Redis has been unreachable for
	 * too long, the change goes untold rather than failing the join or leave.
	 */
	@Override
	public void publishPresence(PresenceChange change) {
		StreamPublisher publisher = this.publisher;
		if (publisher != null) {
			try {
				publisher.publish(change);
			}
			catch (SocketBrokerException ex) {
				logger.debug("A presence change of room {} went untold", change.room(), ex);
			}
		}
	}

	@Override
	public void joined(String room, String socketId, @Nullable String member) {
		RedisPresence presence = this.presence;
		if (presence != null) {
			presence.joined(room, socketId, member);
		}
	}

	@Override
	public void left(String room, String socketId, @Nullable String member) {
		RedisPresence presence = this.presence;
		if (presence != null) {
			presence.left(room, socketId);
		}
	}

	@Override
	public long remoteCount(Address address) {
		RedisPresence presence = this.presence;
		if (presence == null) {
			return 0;
		}
		return (address.kind() == Address.Kind.ROOM) ? presence.remoteCount(address.name())
				: presence.remoteCount(address);
	}

	@Override
	public Set<String> remoteMembers(String room) {
		RedisPresence presence = this.presence;
		return (presence != null) ? presence.remoteMembers(room) : Set.of();
	}

	/**
	 * Return the broker's health: whether it is connected to Redis, how many of this node's messages wait for it,
	 * how many messages of other nodes never reached this node, and how old the last one was when delivered.
	 * @return the health
	 */
	public Health health() {
		StreamPublisher publisher = this.publisher;
		StreamReader reader = this.reader;
		return new Health(this.outage.isOver(), (reader != null) ? reader.lost() : 0,
				(reader != null) ? reader.lagMillis() : 0, (publisher != null) ? publisher.waiting() : 0);
	}

	/**
	 * Return the client name of this node's reading connection, as {@code CLIENT LIST} shows it.
	 */
	String readerName() {
		return this.keyPrefix + ":reader:" + this.nodeId;
	}

	/**
	 * How the broker's connections to Redis are doing.
	 *
	 * @param connected whether its connections to Redis work
	 * @param lost how many messages of other nodes never reached this node: they left the stream, or Redis lost
	 * them, before this node read them
	 * @param lagMillis how old the last message was when this node delivered it, in milliseconds
	 * @param waiting how many of this node's messages wait for Redis
	 */
	public record Health(boolean connected, long lost, long lagMillis, int waiting) {

	}

}
