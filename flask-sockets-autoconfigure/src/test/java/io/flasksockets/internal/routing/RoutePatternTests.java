package io.flasksockets.internal.routing;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RoutePattern}.
 */
class RoutePatternTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/echo                    | /echo
			/echo/<id>               | /echo/{id}
			/echo/<string:id>        | /echo/{id}
			/echo/<int:id>           | /echo/{id:\\d+}
			/price/<float:amount>    | /price/{amount:\\d+\\.\\d+}
			/files/<path:rest>       | /files/{*rest}
			/a/<x>/b/<int:y>         | /a/{x}/b/{y:\\d+}
			/file-<int:n>.txt        | /file-{n:\\d+}.txt
			/chat/{room}             | /chat/{room}
			/code/{code:[a-z]{3}}    | /code/{code:[a-z]{3}}
			/static/{*rest}          | /static/{*rest}
			""")
	void translatesFlaskAndSpringSyntaxToSpringPatterns(String path, String springPattern) {
		assertThat(RoutePattern.parse(path).springPattern()).isEqualTo(springPattern);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/echo/<int:id>         | /echo/42                                    | true
			/echo/<int:id>         | /echo/abc                                   | false
			/echo/<int:id>         | /echo/-1                                    | false
			/echo/<int:id>         | /echo/4.2                                   | false
			/price/<float:x>       | /price/4.25                                 | true
			/price/<float:x>       | /price/4                                    | false
			/item/<uuid:id>        | /item/123e4567-e89b-12d3-a456-426614174000  | true
			/item/<uuid:id>        | /item/123e4567                              | false
			/user/<name>           | /user/alice                                 | true
			/user/<name>           | /user/alice/extra                           | false
			/user/<name>           | /user/                                      | false
			/files/<path:rest>     | /files/a/b/c.txt                            | true
			""")
	void typedSegmentsOnlyMatchTextTheirConverterAccepts(String path, String request, boolean matches) {
		assertThat(matches(RoutePattern.parse(path), request)).isEqualTo(matches);
	}

	@Test
	void acceptGivesTheValuesAsTheRouteSeesThem() {
		assertThat(RoutePattern.parse("/files/<path:rest>").accept(Map.of("rest", "/a/b"))).containsEntry("rest", "a/b");
		assertThat(RoutePattern.parse("/echo/<int:id>").accept(Map.of("id", "42"))).containsEntry("id", "42");
	}

	@Test
	void acceptRefusesValuesTheConverterCannotConvert() {
		assertThat(RoutePattern.parse("/echo/<int:id>").accept(Map.of("id", "99999999999"))).isNull();
		assertThat(RoutePattern.parse("/files/<path:rest>").accept(Map.of("rest", "/"))).isNull();
		assertThat(RoutePattern.parse("/files/<path:rest>").accept(Map.of("rest", ""))).isNull();
	}

	@Test
	void variableNamesAreListedInOrder() {
		assertThat(RoutePattern.parse("/a/<x>/b/<int:y>/{z}").variableNames()).containsExactly("x", "y", "z");
	}

	@Test
	void patternsThatDifferOnlyInVariableNamesMatchTheSameRequests() {
		assertThat(RoutePattern.parse("/echo/<a>").matchesSameAs(RoutePattern.parse("/echo/{b}"))).isTrue();
		assertThat(RoutePattern.parse("/echo/<int:a>").matchesSameAs(RoutePattern.parse("/echo/<int:b>"))).isTrue();
		assertThat(RoutePattern.parse("/echo/<int:a>").matchesSameAs(RoutePattern.parse("/echo/<a>"))).isFalse();
		assertThat(RoutePattern.parse("/echo").matchesSameAs(RoutePattern.parse("/echo/x"))).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			echo                  | it must start with '/'
			/echo/<id             | unclosed '<' at position 6
			/echo/id>             | unexpected '>' at position 8
			/echo/{id             | unclosed '{' at position 6
			/echo/<number:id>     | unknown converter 'number' (known: string, int, float, uuid, path)
			/echo/<int(min=1):id> | converter arguments are not supported in 'int(min=1)'
			/echo/<1id>           | '1id' is not a valid variable name
			/echo/<>              | '' is not a valid variable name
			/a/<x>/b/<x>          | variable 'x' appears twice
			/files/<path:p>/edit  | <path:p> must be a whole segment at the end of the path
			/files-<path:p>       | <path:p> must be a whole segment at the end of the path
			/echo/*               | wildcards are not supported; use <path:name> to match the rest
			""")
	void invalidPathsAreRefusedWithAMessageSayingWhatIsWrong(String path, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> RoutePattern.parse(path))
			.withMessage("Invalid route path '" + path + "': " + problem);
	}

	@Test
	void springSyntaxErrorsAreReportedWithTheTranslatedPattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> RoutePattern.parse("/a/{*rest}/b"))
			.withMessageStartingWith("Invalid route path '/a/{*rest}/b': ")
			.withMessageEndingWith("in '/a/{*rest}/b'");
	}

	private static boolean matches(RoutePattern pattern, String request) {
		PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern.springPattern());
		PathPattern.PathMatchInfo match = parsed.matchAndExtract(PathContainer.parsePath(request));
		return match != null && pattern.accept(match.getUriVariables()) != null;
	}

}
