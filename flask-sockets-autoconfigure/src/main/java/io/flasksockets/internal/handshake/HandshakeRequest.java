package io.flasksockets.internal.handshake;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A handshake request as Spring and the container see it: its {@code Sec-WebSocket-Extensions} header holds only
 * the offers the starter accepts ({@link Compression}), so that neither negotiates anything else nor fails on a
 * malformed offer.
 */
final class HandshakeRequest extends HttpServletRequestWrapper {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	private final @Nullable String extensions;

	HandshakeRequest(HttpServletRequest request, boolean compression) {
		super(request);
		this.extensions = compression ? Compression.acceptableOffers(Collections.list(request.getHeaders(EXTENSIONS)))
				: null;
	}

	@Override
	public @Nullable String getHeader(String name) {
		return isExtensions(name) ? this.extensions : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (isExtensions(name)) {
			return Collections.enumeration((this.extensions != null) ? List.of(this.extensions) : List.of());
		}
		return super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		Stream<String> others = Collections.list(super.getHeaderNames()).stream().filter((name) -> !isExtensions(name));
		return Collections.enumeration(
				((this.extensions != null) ? Stream.concat(others, Stream.of(EXTENSIONS)) : others).toList());
	}

	private static boolean isExtensions(String name) {
		return EXTENSIONS.equalsIgnoreCase(name);
	}

}
