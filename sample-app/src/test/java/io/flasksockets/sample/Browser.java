package io.flasksockets.sample;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.flasksockets.test.SocketTestClient;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a page does against the sample app: HTTP with a cookie jar, the SPA's CSRF header, and sockets that send the
 * jar's cookies with their handshake.
 */
final class Browser implements AutoCloseable {

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(this.cookies).build();

	private int port;

	Browser(int port) {
		this.port = port;
	}

	/**
	 * Point the browser at another node, keeping its cookies, as a load balancer would.
	 */
	Browser at(int port) {
		this.port = port;
		return this;
	}

	HttpResponse<String> login(String username, String password) throws Exception {
		get("/");
		return post("/auth/login", "username=" + username + "&password=" + password);
	}

	HttpResponse<String> logout() throws Exception {
		return post("/auth/logout", "");
	}

	HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(http(path)).GET());
	}

	/**
	 * Post a form, with the CSRF header the page reads from its cookie.
	 */
	HttpResponse<String> post(String path, String form) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(http(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		String token = cookie("XSRF-TOKEN");
		return send((token != null) ? request.header("X-XSRF-TOKEN", token) : request);
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	SocketTestClient connect(String path) {
		return SocketTestClient.connect(ws(path), Map.of("Cookie", cookieHeader()));
	}

	/**
	 * Open a socket that the server refuses, and return the handshake's status.
	 */
	int handshakeStatus(String path, Map<String, String> headers) {
		Map<String, String> all = new HashMap<>(headers);
		all.putIfAbsent("Cookie", cookieHeader());
		CompletionException failure = assertThrows(CompletionException.class,
				() -> SocketTestClient.connect(ws(path), all));
		return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
	}

	String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	String cookieHeader() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	URI http(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private URI ws(String path) {
		return URI.create("ws://localhost:" + this.port + path);
	}

	@Override
	public void close() {
		this.http.close();
	}

}
