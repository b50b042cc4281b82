package io.flasksockets.internal.handshake;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
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
 * A handshake request with its method and some of its headers read otherwise. A WebSocket handshake over HTTP/2
 * (an extended {@code CONNECT}, RFC 8441) reads, to the filters and handler mappings, as the HTTP/1.1 handshake it
 * stands for; and Spring's handshake and the container read every handshake as it was sent, with only the extension
 * offers the starter accepts ({@link Compression}), so that neither negotiates anything else nor fails on a
 * malformed offer.
 */
final class HandshakeRequest extends HttpServletRequestWrapper {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	/**
	 * The request attribute that marks a handshake over HTTP/2 read as an HTTP/1.1 one.
	 */
	private static final String OVER_HTTP2 = HandshakeRequest.class.getName() + ".overHttp2";

	private final String method;

	private final Map<String, @Nullable String> headers = new LinkedCaseInsensitiveMap<>();

	private HandshakeRequest(HttpServletRequest request, String method, Map<String, @Nullable String> headers) {
		super(request);
		this.method = method;
		this.headers.putAll(headers);
	}

	/**
	 * Read a handshake over HTTP/2 as the HTTP/1.1 handshake it stands for ({@code GET} with
	 * {@code Upgrade: websocket}), so that every filter and handler mapping behind the guard treats both alike:
	 * Spring Security's firewall, its CSRF protection and its rules by method, and Spring's WebSocket mapping.
	 * @param request a handshake over HTTP/2
	 * @return the handshake as an HTTP/1.1 one
	 */
	static HandshakeRequest asHttp11(HttpServletRequest request) {
		request.setAttribute(OVER_HTTP2, Boolean.TRUE);
		return new HandshakeRequest(request, HttpMethod.GET.name(),
				Map.of(HttpHeaders.UPGRADE, "websocket", HttpHeaders.CONNECTION, "Upgrade"));
	}

	/**
	 * Whether a handshake came over HTTP/2, read as an HTTP/1.1 one by {@link #asHttp11}.
	 * @param request the handshake, as any filter or handler sees it
	 * @return whether it came over HTTP/2
	 */
	static boolean cameOverHttp2(HttpServletRequest request) {
		return request.getAttribute(OVER_HTTP2) != null;
	}

	/**
	 * Read a handshake as it was sent, for Spring's handshake and the container's upgrade (over HTTP/2 the
	 * {@code CONNECT} it is, without the headers {@link #asHttp11} added), with only the extension offers the
	 * starter accepts.
	 * @param request the handshake
	 * @param compression whether permessage-deflate may be offered
	 * @return the handshake as Spring and the container should read it
	 */
	static HandshakeRequest asSent(HttpServletRequest request, boolean compression) {
		Map<String, @Nullable String> headers = new HashMap<>();
		headers.put(EXTENSIONS,
				compression ? Compression.acceptableOffers(Collections.list(request.getHeaders(EXTENSIONS))) : null);
		if (!cameOverHttp2(request)) {
			return new HandshakeRequest(request, request.getMethod(), headers);
		}
		headers.put(HttpHeaders.UPGRADE, null);
		headers.put(HttpHeaders.CONNECTION, null);
		return new HandshakeRequest(request, "CONNECT", headers);
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
