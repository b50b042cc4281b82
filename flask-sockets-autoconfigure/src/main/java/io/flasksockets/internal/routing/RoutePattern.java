package io.flasksockets.internal.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * A route path in Flask syntax ({@code /items/<int:id>}) or Spring syntax ({@code /items/{id}}), translated to
 * a Spring path pattern whose typed segments only match text their converter accepts. Path variables reach the
 * handler as text and convert to any type Spring's conversion service knows.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RoutePattern {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final String path;

	private final String springPattern;

	private final String shape;

	private final Map<String, PathConverter> variables;

	private RoutePattern(String path, String springPattern, String shape, Map<String, PathConverter> variables) {
		this.path = path;
		this.springPattern = springPattern;
		this.shape = shape;
		this.variables = Collections.unmodifiableMap(variables);
	}

	/**
	 * Parse a route path.
	 * @param path the path, starting with {@code /}
	 * @return the pattern
	 * @throws IllegalArgumentException with a message saying what is wrong and where
	 */
	public static RoutePattern parse(String path) {
		return new Translator(path).translate();
	}

	/**
	 * Return the path as declared.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the equivalent Spring path pattern.
	 * @return the pattern
	 */
	public String springPattern() {
		return this.springPattern;
	}

	/**
	 * Return the names of the path variables, in order.
	 * @return the names
	 */
	public Set<String> variableNames() {
		return this.variables.keySet();
	}

	/**
	 * Check the text Spring matched for each variable against the variable's converter ({@code <int:id>} must
	 * fit an {@code int}, {@code <path:rest>} must not be empty) and return it as the route sees it.
	 * @param matched the matched text by variable name
	 * @return the values by name, or {@code null} if one does not convert, in which case the request does not
	 * match the route
	 */
	public @Nullable Map<String, String> accept(Map<String, String> matched) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, PathConverter> variable : this.variables.entrySet()) {
			String text = matched.get(variable.getKey());
			String value = (text != null) ? variable.getValue().accept(text) : null;
			if (value == null) {
				return null;
			}
			values.put(variable.getKey(), value);
		}
		return values;
	}

	/**
	 * Whether two patterns match the same requests, whatever their variables are called.
	 */
	boolean matchesSameAs(RoutePattern other) {
		return this.shape.equals(other.shape);
	}

	@Override
	public String toString() {
		return this.path;
	}

	/**
	 * One pass over a path, building the Spring pattern and the shape (the pattern without variable names).
	 */
	private static final class Translator {

		private final String path;

		private final StringBuilder pattern = new StringBuilder();

		private final StringBuilder shape = new StringBuilder();

		private final Map<String, PathConverter> variables = new LinkedHashMap<>();

		private int position;

		Translator(String path) {
			this.path = path;
		}

		RoutePattern translate() {
			if (!this.path.startsWith("/")) {
				throw invalid("it must start with '/'");
			}
			while (this.position < this.path.length()) {
				char c = this.path.charAt(this.position);
				switch (c) {
					case '<' -> flaskVariable();
					case '{' -> springVariable();
					case '>', '}' -> throw invalid("unexpected '" + c + "' at position " + this.position);
					case '*', '?' -> throw invalid("wildcards are not supported; use <path:name> to match the rest");
					default -> {
						this.pattern.append(c);
						this.shape.append(c);
						this.position++;
					}
				}
			}
			String springPattern = this.pattern.toString();
			try {
				PathPatternParser.defaultInstance.parse(springPattern);
			}
			catch (PatternParseException ex) {
				throw invalid(ex.getMessage() + " in '" + springPattern + "'");
			}
			return new RoutePattern(this.path, springPattern, this.shape.toString(), this.variables);
		}

		private void flaskVariable() {
			int start = this.position;
			int end = this.path.indexOf('>', start);
			if (end < 0) {
				throw invalid("unclosed '<' at position " + start);
			}
			String spec = this.path.substring(start + 1, end);
			int colon = spec.indexOf(':');
			String name = spec.substring(colon + 1);
			PathConverter converter = (colon >= 0) ? converter(spec.substring(0, colon)) : PathConverter.STRING;
			this.position = end + 1;
			if (converter == PathConverter.PATH
					&& (this.position < this.path.length() || this.path.charAt(start - 1) != '/')) {
				throw invalid("<path:" + name + "> must be a whole segment at the end of the path");
			}
			checkName(name);
			this.variables.put(name, converter);
			this.pattern.append(converter.element(name));
			this.shape.append(converter.element(""));
		}

		private PathConverter converter(String name) {
			if (name.contains("(")) {
				throw invalid("converter arguments are not supported in '" + name + "'");
			}
			PathConverter converter = PathConverter.forFlaskName(name);
			if (converter == null) {
				throw invalid("unknown converter '" + name + "' (known: " + PathConverter.flaskNames() + ")");
			}
			return converter;
		}

		private void springVariable() {
			int depth = 0;
			int end = this.position;
			do {
				char c = this.path.charAt(end);
				depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
				end++;
			}
			while (depth > 0 && end < this.path.length());
			if (depth > 0) {
				throw invalid("unclosed '{' at position " + this.position);
			}
			String spec = this.path.substring(this.position + 1, end - 1);
			int colon = spec.indexOf(':');
			String name = (colon >= 0) ? spec.substring(0, colon) : spec;
			String constraint = (colon >= 0) ? spec.substring(colon) : "";
			boolean rest = name.startsWith("*");
			name = rest ? name.substring(1) : name;
			this.position = end;
			checkName(name);
			this.variables.put(name, PathConverter.SPRING);
			this.pattern.append('{').append(rest ? "*" : "").append(name).append(constraint).append('}');
			this.shape.append('{').append(rest ? "*" : "").append(constraint).append('}');
		}

		private void checkName(String name) {
			if (!NAME.matcher(name).matches()) {
				throw invalid("'" + name + "' is not a valid variable name");
			}
			if (this.variables.containsKey(name)) {
				throw invalid("variable '" + name + "' appears twice");
			}
		}

		private IllegalArgumentException invalid(String problem) {
			return new IllegalArgumentException("Invalid route path '" + this.path + "': " + problem);
		}

	}

}
