package io.flasksockets.internal.routing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed on an {@link InvalidSocketRouteException}.
 */
class InvalidSocketRouteFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSocketRouteException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSocketRouteException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the route: Flask syntax is /path/<name>, <int:name>, <float:name>, <uuid:name> or <path:name>; "
						+ "Spring syntax is /path/{name}. Each path may be served by one route only, and a route "
						+ "method takes a Socket and path variables by name.",
				cause);
	}

}
