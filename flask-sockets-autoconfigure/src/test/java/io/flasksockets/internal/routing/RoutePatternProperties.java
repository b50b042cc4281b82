package io.flasksockets.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Properties of {@link RoutePattern} over generated paths. Each case is generated from its seed, which its name
 * shows, so that a failure is reproduced by the same seed on any machine.
 */
class RoutePatternProperties {

	private static final List<String> PIECES = List.of("/", "<", ">", "{", "}", ":", "*", "?", "(", ")", "int",
			"float", "uuid", "path", "string", "any", "name", "x", ".", "-", "\\d+", "<int:id>", "<path:p>", "{id}",
			"{*rest}", "%20", "é", " ");

	private static final List<String> CONVERTERS = List.of("string", "int", "float", "uuid");

	@ParameterizedTest(name = "seed {0}: {1}")
	@MethodSource("paths")
	void anyPathEitherTranslatesOrFailsWithAClearMessage(long seed, String path) {
		Throwable failure = catchThrowable(() -> {
			RoutePattern pattern = RoutePattern.parse(path);
			PathPatternParser.defaultInstance.parse(pattern.springPattern());
		});
		if (failure != null) {
			assertThat(failure).isExactlyInstanceOf(IllegalArgumentException.class)
				.hasMessageStartingWith("Invalid route path '" + path + "': ");
		}
	}

	@ParameterizedTest(name = "seed {0}: {1}")
	@MethodSource("routes")
	void aFlaskRouteMatchesExactlyTheRequestsFlaskWouldMatch(long seed, GeneratedRoute route) {
		RoutePattern pattern = RoutePattern.parse(route.path());
		assertThat(match(pattern, route.matchingRequest())).isEqualTo(route.expectedValues());
		assertThat(match(pattern, route.mismatchingRequest())).isNull();
	}

	/**
	 * Up to ten pieces, each a piece of route syntax or up to three arbitrary characters.
	 */
	static Stream<Arguments> paths() {
		return seeds(2000).mapToObj((seed) -> {
			Random random = new Random(seed);
			StringBuilder path = new StringBuilder();
			for (int i = random.nextInt(11); i > 0; i--) {
				path.append(random.nextBoolean() ? PIECES.get(random.nextInt(PIECES.size())) : anyText(random, 3));
			}
			return arguments(seed, path.toString());
		});
	}

	/**
	 * One to five segments, literals and variables of every converter, optionally ending in a path variable.
	 */
	static Stream<Arguments> routes() {
		return seeds(1000).mapToObj((seed) -> {
			Random random = new Random(seed);
			List<Segment> segments = new ArrayList<>();
			for (int i = 1 + random.nextInt(5); i > 0; i--) {
				int kind = random.nextInt(CONVERTERS.size() + 1);
				segments.add((kind == CONVERTERS.size()) ? literal(random) : variable(random, CONVERTERS.get(kind)));
			}
			return arguments(seed, GeneratedRoute.of(segments, random.nextBoolean()));
		});
	}

	private static LongStream seeds(int count) {
		return LongStream.range(0, count);
	}

	/**
	 * Up to {@code maxLength} characters from anywhere: ASCII, control characters, the rest of the basic plane and
	 * beyond it.
	 */
	private static String anyText(Random random, int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
			int codePoint = switch (random.nextInt(4)) {
				case 0 -> 0x20 + random.nextInt(0x7F - 0x20);
				case 1 -> random.nextInt(0x20);
				case 2 -> 0xA0 + random.nextInt(0xD800 - 0xA0);
				default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
			};
			text.appendCodePoint(codePoint);
		}
		return text.toString();
	}

	private static String lowercase(Random random, int minLength, int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = minLength + random.nextInt(maxLength - minLength + 1); i > 0; i--) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

	private static Segment literal(Random random) {
		String text = lowercase(random, 1, 6);
		return new Segment(text, null, text, text + "-other");
	}

	private static Segment variable(Random random, String converter) {
		String value = switch (converter) {
			case "int" -> String.valueOf(random.nextInt(Integer.MAX_VALUE));
			case "float" -> random.nextInt(100000) + "." + random.nextInt(100000);
			case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
			default -> lowercase(random, 1, 8);
		};
		String mismatch = converter.equals("string") ? "" : "not-a-number";
		return new Segment(null, converter, value, mismatch);
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
