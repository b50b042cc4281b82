package io.flasksockets.internal.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A Flask path converter: the regular expression a segment must match and the conversion its text must pass.
 */
enum PathConverter {

	STRING(null, Function.identity()),

	INT("\\d+", Integer::parseInt),

	FLOAT("\\d+\\.\\d+", Double::parseDouble),

	UUID("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", java.util.UUID::fromString),

	PATH(null, PathConverter::restOfPath),

	/** A variable in Spring syntax, taken as Spring matched it. */
	SPRING(null, Function.identity());

	private final @Nullable String regex;

	private final Function<String, ?> conversion;

	PathConverter(@Nullable String regex, Function<String, ?> conversion) {
		this.regex = regex;
		this.conversion = conversion;
	}

	/**
	 * Return the Spring pattern element for a variable of this type.
	 */
	String element(String name) {
		if (this == PATH) {
			return "{*" + name + "}";
		}
		return (this.regex != null) ? "{" + name + ":" + this.regex + "}" : "{" + name + "}";
	}

	/**
	 * Return the value of a matched segment as the route sees it, or {@code null} if the text does not convert to
	 * this converter's type (an {@code int} out of range, an empty {@code path}).
	 */
	@Nullable String accept(String text) {
		try {
			Object value = this.conversion.apply(text);
			return (this == PATH) ? (String) value : text;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	String flaskName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static @Nullable PathConverter forFlaskName(String name) {
		return Arrays.stream(values())
			.filter((converter) -> converter != SPRING && converter.flaskName().equals(name))
			.findFirst()
			.orElse(null);
	}

	static String flaskNames() {
		return Arrays.stream(values())
			.filter((converter) -> converter != SPRING)
			.map(PathConverter::flaskName)
			.collect(Collectors.joining(", "));
	}

	/**
	 * Spring captures the rest of the path with its leading slash; Flask's {@code <path:>} has neither the slash
	 * nor an empty value.
	 */
	private static String restOfPath(String captured) {
		String rest = captured.startsWith("/") ? captured.substring(1) : captured;
		if (rest.isEmpty()) {
			throw new IllegalArgumentException("Empty path");
		}
		return rest;
	}

}
