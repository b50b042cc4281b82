package io.flasksockets.internal.telemetry;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.util.ClassUtils;

/**
 * Whether an observation is recorded in a trace that is kept: it has a span, and the span is sampled. Without
 * Micrometer Tracing nothing is.
 */
final class Sampling {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", Sampling.class.getClassLoader());

	private Sampling() {
	}

	static boolean isRecorded(Observation observation) {
		return !observation.isNoop() && TRACING_PRESENT && Traced.isSampled(observation);
	}

	/**
	 * Reads the span of an observation; loaded only with Micrometer Tracing present.
	 */
	private static final class Traced {

		static boolean isSampled(Observation observation) {
			TracingObservationHandler.TracingContext tracing = observation.getContextView()
				.get(TracingObservationHandler.TracingContext.class);
			Span span = (tracing != null) ? tracing.getSpan() : null;
			return span != null && !span.isNoop() && Boolean.TRUE.equals(span.context().sampled());
		}

	}

}
