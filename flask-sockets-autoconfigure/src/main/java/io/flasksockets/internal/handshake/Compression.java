package io.flasksockets.internal.handshake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which permessage-deflate offers a handshake may accept. Offers whose parameters RFC 7692 does not allow are
 * declined, as the RFC asks, rather than failing the handshake; other extensions are not offered to the container
 * at all.
 */
final class Compression {

	private static final String NAME = "permessage-deflate";

	private Compression() {
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

}
