package io.flasksockets.autoconfigure;

import io.flasksockets.internal.runtime.SocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Micrometer meters for sockets, when the application has a
 * {@link MeterRegistry}: open sockets, sockets opened and closed (by close code), messages and bytes in and out,
 * handler failures (by exception), peers cut off at a send limit and refused handshakes, each tagged with the
 * route's pattern.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ MeterRegistry.class, WebSocketHandlerMapping.class })
@ConditionalOnBean(MeterRegistry.class)
public final class FlaskSocketsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketMetrics flaskSocketsMetrics(MeterRegistry registry) {
		return new MicrometerSocketMetrics(registry);
	}

}
