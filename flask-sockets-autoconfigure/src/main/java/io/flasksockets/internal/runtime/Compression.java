package io.flasksockets.internal.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.catalina.util.ServerInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;

/**
 * Which permessage-deflate offers a handshake may accept. Compression is declined where the application turns it
 * off, and on Tomcat before 11.0.24, whose inflater loses the last bytes of a frame when they fill its message
 * buffer exactly and hands them to the next message instead (Apache bug 70126): messages would change in transit.
 * Offers whose parameters RFC 7692 does not allow are declined too, as the RFC asks, rather than failing the
 * handshake; other extensions are not offered to the container at all.
 */
final class Compression {

	private static final Logger logger = LoggerFactory.getLogger(Compression.class);

	private static final String NAME = "permessage-deflate";

	private static final String FIRST_CORRECT_TOMCAT = "11.0.24";

	private Compression() {
	}

	/**
	 * Decide whether compression is offered, warning once when the container does not do it correctly.
	 * @param enabled whether the application wants compression
	 */
	static boolean isAvailable(boolean enabled) {
		if (!enabled) {
			return false;
		}
		String tomcat = tomcatVersion();
		if (tomcat != null && compareVersions(tomcat, FIRST_CORRECT_TOMCAT) < 0) {
			logger.warn("Tomcat {} can change permessage-deflate messages in transit (Apache bug 70126, fixed in "
					+ "Tomcat {}): socket routes decline compression. Set the tomcat.version property to {} or "
					+ "later to compress, or set flask-sockets.compression=false to silence this warning", tomcat,
					FIRST_CORRECT_TOMCAT, FIRST_CORRECT_TOMCAT);
			return false;
		}
		return true;
	}

	private static @Nullable String tomcatVersion() {
		return ClassUtils.isPresent("org.apache.catalina.util.ServerInfo", Compression.class.getClassLoader())
				? Tomcat.version() : null;
	}

	/**
	 * Compare dotted version numbers, part by part.
	 */
	static int compareVersions(String version, String other) {
		String[] parts = version.split("\\.");
		String[] otherParts = other.split("\\.");
		for (int i = 0; i < Math.max(parts.length, otherParts.length); i++) {
			int difference = Integer.compare(number(parts, i), number(otherParts, i));
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

	private static int number(String[] parts, int index) {
		if (index >= parts.length) {
			return 0;
		}
		String digits = parts[index].replaceAll("\\D.*", "");
		return digits.isEmpty() ? 0 : Integer.parseInt(digits);
	}

	/**
	 * Return the permessage-deflate offers of a {@code Sec-WebSocket-Extensions} header that may be accepted, in
	 * the client's order of preference.
	 * @param headerValues the header's values
	 * @return the header value to negotiate from, or {@code null} for none
	 */
	static @Nullable String acceptableOffers(List<String> headerValues) {
		List<String> accepted = new ArrayList<>();
		for (String value : headerValues) {
			for (String offer : value.split(",")) {
				String acceptable = acceptable(offer);
				if (acceptable != null) {
					accepted.add(acceptable);
				}
			}
		}
		return accepted.isEmpty() ? null : String.join(", ", accepted);
	}

	private static @Nullable String acceptable(String offer) {
		String[] parts = offer.split(";", -1);
		if (!parts[0].trim().equalsIgnoreCase(NAME)) {
			return null;
		}
		StringBuilder normalized = new StringBuilder(NAME);
		Set<String> seen = new HashSet<>();
		for (int i = 1; i < parts.length; i++) {
			String[] parameter = parts[i].split("=", 2);
			String name = parameter[0].trim().toLowerCase(Locale.ROOT);
			String value = (parameter.length > 1) ? unquote(parameter[1].trim()) : null;
			if (!seen.add(name) || !isValid(name, value)) {
				return null;
			}
			normalized.append("; ").append(name).append((value != null) ? "=" + value : "");
		}
		return normalized.toString();
	}

	private static boolean isValid(String name, @Nullable String value) {
		return switch (name) {
			case "server_no_context_takeover", "client_no_context_takeover" -> value == null;
			case "server_max_window_bits" -> isWindowBits(value);
			case "client_max_window_bits" -> value == null || isWindowBits(value);
			default -> false;
		};
	}

	private static boolean isWindowBits(@Nullable String value) {
		return value != null && value.matches("[89]|1[0-5]");
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * Kept apart so that Tomcat's classes load only when present.
	 */
	private static final class Tomcat {

		static String version() {
			return ServerInfo.getServerNumber();
		}

	}

}
