package io.flasksockets.autoconfigure;

import io.flasksockets.broker.RedisSocketBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the Redis broker's health indicator, whenever the application
 * has a {@link RedisSocketBroker} and Spring Boot's health support: down while the broker's connections to Redis
 * do not work, with how many of this node's messages wait for Redis, how many messages of other nodes never reached
 * this node, and how old the last one was when delivered.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(after = FlaskSocketsBrokerAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, RedisSocketBroker.class })
@ConditionalOnBean(RedisSocketBroker.class)
public final class FlaskSocketsBrokerHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "flaskSocketsBrokerHealthIndicator")
	HealthIndicator flaskSocketsBrokerHealthIndicator(RedisSocketBroker broker) {
		return () -> {
			RedisSocketBroker.Health health = broker.health();
			Health.Builder builder = health.connected() ? Health.up() : Health.down();
			return builder.withDetail("waitingMessages", health.waiting())
				.withDetail("lostMessages", health.lost())
				.withDetail("lagMillis", health.lagMillis())
				.build();
		};
	}

}
