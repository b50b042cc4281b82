package io.flasksockets.autoconfigure;

import io.flasksockets.broker.RedisRateLimitBuckets;
import io.flasksockets.broker.RedisSocketBroker;
import io.flasksockets.broker.SocketBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the Redis {@link SocketBroker}, which carries room, user and
 * broadcast messages to the sockets of every node, when {@code flask-sockets.broker=redis}. It backs off when the
 * application defines its own broker; without it, {@link FlaskSocketsAutoConfiguration} keeps messages in this JVM.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(before = FlaskSocketsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(value = { RedisConnectionFactory.class, RedisSocketBroker.class },
		name = "io.lettuce.core.RedisClient")
@ConditionalOnProperty(name = "flask-sockets.broker", havingValue = "redis")
@EnableConfigurationProperties(FlaskSocketsProperties.class)
public final class FlaskSocketsBrokerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SocketBroker.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	RedisSocketBroker flaskSocketsRedisBroker(RedisConnectionFactory connectionFactory,
			FlaskSocketsProperties properties) {
		FlaskSocketsProperties.Redis redis = properties.redis();
		return new RedisSocketBroker(connectionFactory, redis.keyPrefix(), redis.streamLength(),
				redis.presenceInterval(), redis.maxWaiting(), redis.maxWait());
	}

	/**
	 * The buckets of users' rate limits, shared by every node.
	 */
	@Bean
	@ConditionalOnBean(RedisSocketBroker.class)
	@ConditionalOnMissingBean
	RedisRateLimitBuckets flaskSocketsRateLimitBuckets(RedisConnectionFactory connectionFactory,
			FlaskSocketsProperties properties) {
		return new RedisRateLimitBuckets(connectionFactory, properties.redis().keyPrefix());
	}

	/**
	 * Warns at startup when Spring Session keeps HTTP sessions in a Redis that keeps nothing across restarts: a
	 * restart of it would end every session, and close every socket with 1008.
	 */
	@Bean
	static RedisPersistenceCheck flaskSocketsRedisPersistenceCheck(ObjectProvider<RedisConnectionFactory> redis) {
		return new RedisPersistenceCheck(redis);
	}

}
