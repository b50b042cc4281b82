package io.flasksockets.autoconfigure;

import io.flasksockets.internal.runtime.SocketRuntime;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the sockets' health indicator ({@code flaskSockets}),
 * where Spring Boot's health support is present: up while the node accepts handshakes, out of service before its
 * socket runtime has started and once it shuts down, with how many sockets are open. Add it to the readiness group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,flaskSockets}) so that a load
 * balancer's readiness check reflects the sockets.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(after = FlaskSocketsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(name = FlaskSocketsAutoConfiguration.RUNTIME_BEAN_NAME)
public final class FlaskSocketsHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "flaskSocketsHealthIndicator")
	HealthIndicator flaskSocketsHealthIndicator(
			@Qualifier(FlaskSocketsAutoConfiguration.RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return () -> (runtime.acceptsHandshakes() ? Health.up() : Health.outOfService())
			.withDetail("open", runtime.sockets().count())
			.build();
	}

}
