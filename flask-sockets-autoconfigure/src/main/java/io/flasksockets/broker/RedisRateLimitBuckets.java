package io.flasksockets.broker;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The token buckets of rate limits that every node shares, in Redis under {@code <prefix>:rate:<key>} (Bucket4j's
 * compare-and-swap on a Lettuce connection of their own), each expiring once it has refilled. The connection opens
 * on first use, within a second or not at all, and reconnects by itself; while Redis is unreachable a command fails
 * within a second, so that a limit never holds a handler longer.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RedisRateLimitBuckets implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable RedisClient client;

	private volatile @Nullable ProxyManager<String> proxies;

	private long lastAttempt = System.nanoTime() - TIMEOUT.toNanos();

	/**
	 * Create the buckets of an application's nodes.
	 * @param connectionFactory the application's Redis
	 * @param keyPrefix the prefix of the Redis keys, shared by the nodes of one application
	 */
	public RedisRateLimitBuckets(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.connectionFactory = connectionFactory;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Return the buckets, connecting to Redis the first time. Never waits for another thread that is connecting,
	 * and tries again at most once a second.
	 * @return the buckets, by key
	 * @throws IllegalStateException if Redis cannot be reached now
	 */
	public ProxyManager<String> proxies() {
		ProxyManager<String> proxies = this.proxies;
		if (proxies != null) {
			return proxies;
		}
		if (!this.lock.tryLock()) {
			throw new IllegalStateException("Connecting to Redis for the rate limits");
		}
		try {
			if (this.proxies == null) {
				long now = System.nanoTime();
				if (now - this.lastAttempt < TIMEOUT.toNanos()) {
					throw new IllegalStateException("Redis for the rate limits was not reachable a moment ago");
				}
				this.lastAttempt = now;
				this.proxies = connect();
			}
			return this.proxies;
		}
		finally {
			this.lock.unlock();
		}
	}

	private ProxyManager<String> connect() {
		RedisClient client = RedisClients.create(this.connectionFactory);
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
			.timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
			.build());
		try {
			StatefulRedisConnection<String, byte[]> connection = client
				.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
			connection.setTimeout(TIMEOUT);
			String prefix = this.keyPrefix + ":rate:";
			ProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(connection)
				.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(TIMEOUT))
				.build()
				.withMapper((String key) -> prefix + key);
			this.client = client;
			return proxies;
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.client != null) {
				this.client.shutdown();
				this.client = null;
				this.proxies = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
