package io.flasksockets.broker;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
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
 * on first use and reconnects by itself; while Redis is unreachable a command fails within a second, so that a
 * limit never holds a handler longer.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RedisRateLimitBuckets implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private @Nullable RedisClient client;

	private @Nullable ProxyManager<String> proxies;

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
	 * Return the buckets, connecting to Redis the first time.
	 * @return the buckets, by key
	 * @throws RuntimeException if Redis cannot be reached the first time
	 */
	public synchronized ProxyManager<String> proxies() {
		if (this.proxies == null) {
			RedisClient client = RedisClients.create(this.connectionFactory);
			client.setOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
				.build());
			try {
				StatefulRedisConnection<String, byte[]> connection = client
					.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
				connection.setTimeout(TIMEOUT);
				String prefix = this.keyPrefix + ":rate:";
				this.proxies = Bucket4jLettuce.casBasedBuilder(connection)
					.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(TIMEOUT))
					.build()
					.withMapper((String key) -> prefix + key);
				this.client = client;
			}
			catch (RuntimeException ex) {
				client.shutdown();
				throw ex;
			}
		}
		return this.proxies;
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.shutdown();
			this.client = null;
			this.proxies = null;
		}
	}

}
