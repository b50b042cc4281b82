package io.flasksockets.internal.routing;

import io.flasksockets.internal.routing.InvalidSocketRouteException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidSocketRouteFailureAnalyzer}.
 */
class InvalidSocketRouteFailureAnalyzerTests {

	@ParameterizedTest
	@EnumSource(Kind.class)
	void describesTheRouteAndSaysHowToFixThatKindOfMistake(Kind kind) {
		InvalidSocketRouteException cause = new InvalidSocketRouteException(kind, "Socket route '/a' is wrong");
		FailureAnalysis analysis = new InvalidSocketRouteFailureAnalyzer()
			.analyze(new BeanCreationException("flaskSocketsRoutes", "Failed", cause));
		assertThat(analysis.getDescription()).isEqualTo("Socket route '/a' is wrong");
		assertThat(analysis.getAction()).isEqualTo(kind.action());
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void eachKindOfMistakeHasItsOwnAction(Kind kind) {
		String expected = switch (kind) {
			case SYNTAX -> "<int:name>";
			case DUPLICATE -> "one route only";
			case PARAMETER -> "@RequestParam";
			case DECLARATION -> "implement SocketHandler";
		};
		assertThat(kind.action()).contains(expected);
	}

}
