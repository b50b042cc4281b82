package io.flasksockets.broker;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;

/**
 * The Lettuce client of the broker's own connections: to the application's Redis (standalone or Sentinel), with
 * Lettuce's resources, but without Lettuce's reconnection. A connection that breaks fails what waits on it at once,
 * and the broker opens a new one every 100 ms until Redis answers, instead of Lettuce retrying a command that broke
 * it (a read too large for Redis's output buffer, say) and backing off for seconds.
 */
final class RedisClients {

	private RedisClients() {
	}

	/**
	 * Create a client for the Redis a connection factory connects to.
	 * @throws IllegalStateException if the factory is not Lettuce's, or is for a Redis Cluster
	 */
	static RedisClient create(RedisConnectionFactory connectionFactory) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)
				|| !(lettuce.getNativeClient() instanceof RedisClient application)) {
			throw new IllegalStateException("The Redis broker needs Lettuce on a standalone or Sentinel Redis, not "
					+ connectionFactory);
		}
		RedisClient client = RedisClient.create(application.getResources(), uri(lettuce));
		client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		return client;
	}

	private static RedisURI uri(LettuceConnectionFactory lettuce) {
		RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
		RedisURI uri = (sentinel != null) ? LettuceConverters.sentinelConfigurationToRedisURI(sentinel)
				: RedisURI.Builder.redis(lettuce.getHostName(), lettuce.getPort()).build();
		uri.setDatabase(lettuce.getDatabase());
		uri.setSsl(lettuce.isUseSsl());
		RedisStandaloneConfiguration standalone = lettuce.getStandaloneConfiguration();
		standalone.getPassword().toOptional().ifPresent((password) -> {
			String username = standalone.getUsername();
			uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> RedisCredentials.just(username, password)));
		});
		return uri;
	}

}
