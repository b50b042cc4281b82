package io.flasksockets.internal.handshake;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * A handshake request as Spring and the container see it, with some of its headers (and perhaps its method) read
 * otherwise: its {@code Sec-WebSocket-Extensions} header holding only the offers the starter accepts
 * ({@link Compression}), so that neither negotiates anything else nor fails on a malformed offer; or an HTTP/2
 * handshake (RFC 8441) read as the HTTP/1.1 handshake it stands for.
 */
final class HandshakeRequest extends HttpServletRequestWrapper {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	/**
	 * What an HTTP/2 handshake reads as: RFC 8441 replaces the key and its answer by the {@code :protocol}
	 * pseudo-header, so nothing answers this key; Spring's handshake only asks that there is one.
	 */
	private static final Map<String, String> HTTP11_UPGRADE = Map.of(HttpHeaders.UPGRADE, "websocket",
			HttpHeaders.CONNECTION, "Upgrade", "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==");

	private final String method;

	private final Map<String, @Nullable String> headers = new LinkedCaseInsensitiveMap<>();

	private HandshakeRequest(HttpServletRequest request, String method, Map<String, @Nullable String> headers) {
		super(request);
		this.method = method;
		this.headers.putAll(headers);
	}

	/**
	 * Read a handshake with only the extension offers the starter accepts.
	 * @param request the handshake
	 * @param compression whether permessage-deflate may be offered
	 * @return the handshake as Spring and the container should read it
	 */
	static HandshakeRequest withAcceptableExtensions(HttpServletRequest request, boolean compression) {
		String extensions = compression
				? Compression.acceptableOffers(Collections.list(request.getHeaders(EXTENSIONS))) : null;
		return new HandshakeRequest(request, request.getMethod(), Collections.singletonMap(EXTENSIONS, extensions));
	}

	/**
	 * Whether a request is a WebSocket handshake over HTTP/2: an extended {@code CONNECT} (RFC 8441). Servlet
	 * containers pass no other {@code CONNECT} on to the application.
	 * @param request the request
	 * @return whether it is an HTTP/2 handshake
	 */
	static boolean isHttp2Handshake(HttpServletRequest request) {
		return "CONNECT".equals(request.getMethod()) && "HTTP/2.0".equals(request.getProtocol());
	}

	/**
	 * Read an HTTP/2 handshake as the HTTP/1.1 handshake it stands for ({@code GET} with
	 * {@code Upgrade: websocket}), so that every filter and handler behind the guard treats both alike: Spring
	 * Security's firewall, its CSRF protection and its rules by method, and Spring's handshake. The container
	 * upgrades from its own request, which stays as it came.
	 * @param request an HTTP/2 handshake
	 * @return the handshake as an HTTP/1.1 one
	 */
	static HandshakeRequest asHttp11(HttpServletRequest request) {
		return new HandshakeRequest(request, HttpMethod.GET.name(), HTTP11_UPGRADE);
	}

	@Override
	public String getMethod() {
		return this.method;
	}

	@Override
	public @Nullable String getHeader(String name) {
		return this.headers.containsKey(name) ? this.headers.get(name) : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (this.headers.containsKey(name)) {
			String value = this.headers.get(name);
			return Collections.enumeration((value != null) ? List.of(value) : List.of());
		}
		return super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		Stream<String> others = Collections.list(super.getHeaderNames())
			.stream()
			.filter((name) -> !this.headers.containsKey(name));
		Stream<String> own = this.headers.entrySet()
			.stream()
			.filter((header) -> header.getValue() != null)
			.map(Map.Entry::getKey);
		return Collections.enumeration(Stream.concat(others, own).toList());
	}

}
