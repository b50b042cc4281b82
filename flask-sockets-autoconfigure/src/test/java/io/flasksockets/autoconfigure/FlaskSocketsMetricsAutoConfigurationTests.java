package io.flasksockets.autoconfigure;

import io.flasksockets.internal.telemetry.MicrometerSocketMetrics;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlaskSocketsMetricsAutoConfiguration}.
 */
class FlaskSocketsMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(FlaskSocketsMetricsAutoConfiguration.class, FlaskSocketsAutoConfiguration.class));

	@Test
	void shouldReportToTheApplicationsMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			SocketMetrics metrics = context.getBean(FlaskSocketsMetricsAutoConfiguration.METRICS_BEAN_NAME,
					SocketMetrics.class);
			assertThat(metrics).isInstanceOf(MicrometerSocketMetrics.class);
			metrics.route("/chat/<room>").opened();
			assertThat(context.getBean(MeterRegistry.class)
				.get("flask.sockets.opened")
				.tag("route", "/chat/<room>")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void shouldBackOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SocketMetrics.class));
	}

	@Test
	void shouldBackOffWithoutMicrometer() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketMetrics.class));
	}

	@Test
	void shouldKeepItsOwnMetricsBesideABeanOfTheSameTypeInTheApplication() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("otherMetrics", SocketMetrics.class, () -> SocketMetrics.NONE)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(FlaskSocketsMetricsAutoConfiguration.METRICS_BEAN_NAME)
				.isInstanceOf(MicrometerSocketMetrics.class));
	}

}
