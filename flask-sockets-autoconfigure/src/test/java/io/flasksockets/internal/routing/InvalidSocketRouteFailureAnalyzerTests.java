package io.flasksockets.internal.routing;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidSocketRouteFailureAnalyzer}.
 */
class InvalidSocketRouteFailureAnalyzerTests {

	@Test
	void describesTheRouteAndSaysHowToFixIt() {
		InvalidSocketRouteException cause = new InvalidSocketRouteException("Invalid route path '/a/<b': unclosed '<'");
		FailureAnalysis analysis = new InvalidSocketRouteFailureAnalyzer()
			.analyze(new BeanCreationException("socketRoutes", "Failed", cause));
		assertThat(analysis.getDescription()).isEqualTo("Invalid route path '/a/<b': unclosed '<'");
		assertThat(analysis.getAction()).contains("<int:name>").contains("{name}");
	}

}
