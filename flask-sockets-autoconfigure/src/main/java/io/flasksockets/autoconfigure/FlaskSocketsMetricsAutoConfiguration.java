package io.flasksockets.autoconfigure;

import io.flasksockets.internal.telemetry.MicrometerSocketMetrics;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
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

	/**
	 * The name of what reports sockets to Micrometer.
	 */
	public static final String METRICS_BEAN_NAME = "flaskSocketsMetrics";

	/**
	 * Reports sockets to the application's meter registry. Not an extension point: the runtime takes this bean by
	 * name, and other beans of its type are not used.
	 */
	@Bean(name = METRICS_BEAN_NAME, defaultCandidate = false)
	SocketMetrics flaskSocketsMetrics(MeterRegistry registry) {
		return new MicrometerSocketMetrics(registry);
	}

}
