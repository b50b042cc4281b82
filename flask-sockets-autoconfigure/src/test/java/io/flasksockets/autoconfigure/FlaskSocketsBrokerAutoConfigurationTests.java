package io.flasksockets.autoconfigure;

import io.flasksockets.broker.RedisSocketBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlaskSocketsBrokerAutoConfiguration} and {@link FlaskSocketsBrokerHealthAutoConfiguration},
 * against the Redis on 127.0.0.1:6379 (which keeps nothing across restarts, as this machine runs it).
 */
@ExtendWith(OutputCaptureExtension.class)
class FlaskSocketsBrokerAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				FlaskSocketsBrokerAutoConfiguration.class, FlaskSocketsBrokerHealthAutoConfiguration.class,
				FlaskSocketsAutoConfiguration.class))
		.withPropertyValues("flask-sockets.broker=redis", "spring.data.redis.host=127.0.0.1");

	@Test
	void theBrokersHealthIndicatorIsThereWheneverTheRedisBrokerIs() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RedisSocketBroker.class)
			.hasBean("flaskSocketsBrokerHealthIndicator"));
	}

	@Test
	void sessionsInARedisThatKeepsNothingAcrossRestartsAreWarnedAbout(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(RedisSessions.class)
			.run((context) -> assertThat(output)
				.contains("Spring Session keeps HTTP sessions in a Redis that keeps nothing across restarts"));
	}

	@Test
	void withoutSessionsInRedisNothingIsWarnedAbout(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("Spring Session keeps HTTP sessions"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisSessions {

		@Bean
		RedisSessionRepository sessionRepository(RedisConnectionFactory connectionFactory) {
			RedisTemplate<String, Object> template = new RedisTemplate<>();
			template.setConnectionFactory(connectionFactory);
			template.afterPropertiesSet();
			return new RedisSessionRepository(template);
		}

	}

}
