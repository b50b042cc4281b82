package io.flasksockets.test;

import java.net.HttpCookie;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;

/**
 * Opens {@link SocketTestClient}s to the application under test, as {@code TestRestTemplate} and
 * {@code WebTestClient} reach it: it knows the server's port, and it can carry the cookies of an earlier HTTP
 * login into the handshake. Inject it in a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test annotated
 * with {@link AutoConfigureSocketTestClient @AutoConfigureSocketTestClient}.
 *
 * <pre class="code">
 * ResponseEntity&lt;String&gt; login = rest.postForEntity("/login", form, String.class);
 * try (SocketTestClient ws = sockets.withCookies(login.getHeaders()).connect("/whoami")) {
 *     assertThat(ws.receive()).isEqualTo("alice");
 * }
 * </pre>
 *
 * Each {@code with...} method returns a new factory; this one is left as it was.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketTestClients {

	private final Supplier<URI> baseUri;

	private final Map<String, String> cookies;

	private final Map<String, String> headers;

	/**
	 * Create a factory for a server.
	 * @param baseUri supplies the server's base URL, such as {@code ws://localhost:8080}, when a socket is opened
	 */
	public SocketTestClients(Supplier<URI> baseUri) {
		this(baseUri, Map.of(), Map.of());
	}

	private SocketTestClients(Supplier<URI> baseUri, Map<String, String> cookies, Map<String, String> headers) {
		this.baseUri = baseUri;
		this.cookies = cookies;
		this.headers = headers;
	}

	/**
	 * Open a socket to a path of the server.
	 * @param path the path, such as {@code /echo}, with a query if any
	 * @return the connected client
	 * @throws java.util.concurrent.CompletionException if the handshake fails, as {@link SocketTestClient#connect}
	 * does
	 */
	public SocketTestClient connect(String path) {
		Map<String, String> handshakeHeaders = new LinkedHashMap<>(this.headers);
		if (!this.cookies.isEmpty()) {
			handshakeHeaders.put(HttpHeaders.COOKIE, this.cookies.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
		return SocketTestClient.connect(uri(path), handshakeHeaders);
	}

	/**
	 * Return the URL of a path of the server.
	 * @param path the path
	 * @return the URL, such as {@code ws://localhost:8080/echo}
	 */
	public URI uri(String path) {
		return URI.create(this.baseUri.get().toString() + path);
	}

	/**
	 * Return a factory that sends a cookie with each handshake.
	 * @param name the cookie's name
	 * @param value the cookie's value
	 * @return the new factory
	 */
	public SocketTestClients withCookie(String name, String value) {
		Map<String, String> cookies = new LinkedHashMap<>(this.cookies);
		cookies.put(name, value);
		return new SocketTestClients(this.baseUri, Map.copyOf(cookies), this.headers);
	}

	/**
	 * Return a factory that sends, with each handshake, the cookies an HTTP response set, such as the session
	 * cookie of a login.
	 * @param responseHeaders the response's headers, whose {@code Set-Cookie} values are read
	 * @return the new factory
	 */
	public SocketTestClients withCookies(HttpHeaders responseHeaders) {
		SocketTestClients clients = this;
		for (String setCookie : responseHeaders.getOrDefault(HttpHeaders.SET_COOKIE, List.of())) {
			for (HttpCookie cookie : HttpCookie.parse(setCookie)) {
				clients = clients.withCookie(cookie.getName(), cookie.getValue());
			}
		}
		return clients;
	}

	/**
	 * Return a factory that sends a header with each handshake, such as {@code Origin} or
	 * {@code Sec-WebSocket-Protocol}.
	 * @param name the header's name
	 * @param value the header's value
	 * @return the new factory
	 */
	public SocketTestClients withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new SocketTestClients(this.baseUri, this.cookies, Map.copyOf(headers));
	}

}
