package io.flasksockets.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Properties of {@link RoutePattern} over generated paths.
 */
class RoutePatternProperties {

	@Property(tries = 2000)
	void anyPathEitherTranslatesOrFailsWithAClearMessage(@ForAll("paths") String path) {
		Throwable failure = catchThrowable(() -> {
			RoutePattern pattern = RoutePattern.parse(path);
			PathPatternParser.defaultInstance.parse(pattern.springPattern());
		});
		if (failure != null) {
			assertThat(failure).isExactlyInstanceOf(IllegalArgumentException.class)
				.hasMessageStartingWith("Invalid route path '" + path + "': ");
		}
	}

	@Property(tries = 1000)
	void aFlaskRouteMatchesExactlyTheRequestsFlaskWouldMatch(@ForAll("routes") GeneratedRoute route) {
		RoutePattern pattern = RoutePattern.parse(route.path());
		assertThat(match(pattern, route.matchingRequest())).isEqualTo(route.expectedValues());
		assertThat(match(pattern, route.mismatchingRequest())).isNull();
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.of("/", "<", ">", "{", "}", ":", "*", "?", "(", ")",
				"int", "float", "uuid", "path", "string", "any", "name", "x", ".", "-", "\\d+", "<int:id>", "<path:p>",
				"{id}", "{*rest}", "%20", "é", " "), Arbitraries.strings().ofMaxLength(3));
		return pieces.list().ofMaxSize(10).map((list) -> String.join("", list));
	}

	@Provide
	Arbitrary<GeneratedRoute> routes() {
		Arbitrary<Segment> segment = Arbitraries.oneOf(literal(), variable("string"), variable("int"),
				variable("float"), variable("uuid"));
		return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
			.as((segments, withPath) -> GeneratedRoute.of(segments, withPath));
	}

	private Arbitrary<Segment> literal() {
		return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
			.map((text) -> new Segment(text, null, text, text + "-other"));
	}

	private Arbitrary<Segment> variable(String converter) {
		Arbitrary<String> values = switch (converter) {
			case "int" -> Arbitraries.integers().between(0, Integer.MAX_VALUE).map(String::valueOf);
			case "float" -> Combinators.combine(Arbitraries.integers().between(0, 99999),
					Arbitraries.integers().between(0, 99999)).as((a, b) -> a + "." + b);
			case "uuid" -> Arbitraries.create(UUID::randomUUID).map(UUID::toString);
			default -> Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
		};
		String mismatch = switch (converter) {
			case "int", "float", "uuid" -> "not-a-number";
			default -> "";
		};
		return values.map((value) -> new Segment(null, converter, value, mismatch));
	}

	private static Map<String, String> match(RoutePattern pattern, String request) {
		PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern.springPattern());
		PathPattern.PathMatchInfo info = parsed.matchAndExtract(PathContainer.parsePath(request));
		return (info != null) ? pattern.accept(info.getUriVariables()) : null;
	}

	/**
	 * One segment of a generated route: a literal, or a variable with its converter, with text that matches and
	 * text that does not.
	 */
	record Segment(String literal, String converter, String matching, String mismatching) {
	}

	record GeneratedRoute(String path, String matchingRequest, String mismatchingRequest,
			Map<String, String> expectedValues) {

		static GeneratedRoute of(List<Segment> segments, boolean withPath) {
			StringBuilder path = new StringBuilder();
			StringBuilder matching = new StringBuilder();
			StringBuilder mismatching = new StringBuilder();
			Map<String, String> values = new LinkedHashMap<>();
			List<Segment> all = new ArrayList<>(segments);
			boolean mismatched = false;
			for (int i = 0; i < all.size(); i++) {
				Segment segment = all.get(i);
				String name = "v" + i;
				path.append('/').append((segment.literal() != null) ? segment.literal()
						: "<" + segment.converter() + ":" + name + ">");
				matching.append('/').append(segment.matching());
				mismatching.append('/').append(mismatched ? segment.matching() : segment.mismatching());
				mismatched = true;
				if (segment.literal() == null) {
					values.put(name, segment.matching());
				}
			}
			if (withPath) {
				path.append("/<path:rest>");
				matching.append("/a/b.txt");
				mismatching.append("/a/b.txt");
				values.put("rest", "a/b.txt");
			}
			return new GeneratedRoute(path.toString(), matching.toString(), mismatching.toString(), values);
		}

	}

}
