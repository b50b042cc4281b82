package io.flasksockets.autoconfigure;

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
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
				redis.presenceInterval());
	}

	/**
	 * The broker's health, where Spring Boot's health support is present: down while the node is not connected to
	 * Redis, with how many messages it missed and how old the last one was when delivered.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(RedisSocketBroker.class)
	static class BrokerHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "flaskSocketsBrokerHealthIndicator")
		HealthIndicator flaskSocketsBrokerHealthIndicator(RedisSocketBroker broker) {
			return () -> {
				RedisSocketBroker.Health health = broker.health();
				Health.Builder builder = health.connected() ? Health.up() : Health.down();
				return builder.withDetail("lostMessages", health.lost())
					.withDetail("lagMillis", health.lagMillis())
					.build();
			};
		}

	}

}
