package io.flasksockets.internal.routing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed on an {@link InvalidSocketRouteException}: the route and its source, and how to fix
 * that kind of mistake.
 */
class InvalidSocketRouteFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSocketRouteException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSocketRouteException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.kind().action(), cause);
	}

}
