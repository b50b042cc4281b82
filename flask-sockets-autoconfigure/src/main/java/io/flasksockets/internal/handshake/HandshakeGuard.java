package io.flasksockets.internal.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.flasksockets.internal.runtime.SocketRuntime;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.WebUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The first check of every handshake to a socket route, as a servlet filter ahead of every other, so that a refused
 * handshake never reaches anything that touches an HTTP session or a session store (Spring Session's filter, Spring
 * Security, Spring MVC's flash maps): {@code 503} until the socket server has started and once it is shutting
 * down, {@code 400} for a URL that does not parse, an HTTP/1.0 request or more than one
 * {@code Sec-WebSocket-Key}, and {@code 403} for an origin that is not allowed or does not parse. Each refusal is
 * a one-line plain answer, never a server error. Other requests pass untouched, except a WebSocket handshake over
 * HTTP/2 to a path that is no route: {@code 404}.
 * <p>
 * On a container that takes WebSocket handshakes over HTTP/2 (an extended {@code CONNECT} whose {@code :protocol}
 * is {@code websocket}, RFC 8441), the guard passes such a handshake on as the HTTP/1.1 handshake it stands for,
 * so that everything behind it treats both alike.
 */
final class HandshakeGuard extends OncePerRequestFilter {

	private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

	private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	/**
	 * How long a client refused with {@code 503} is asked to wait before it tries again.
	 */
	private static final String RETRY_AFTER_SECONDS = "5";

	private final SocketRuntime runtime;

	private final List<RouteOrigins> routes;

	private final Predicate<HttpServletRequest> http2Handshake;

	private final AtomicLong lastOriginWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	HandshakeGuard(SocketRuntime runtime, List<RouteOrigins> routes, Predicate<HttpServletRequest> http2Handshake) {
		this.runtime = runtime;
		this.routes = routes;
		this.http2Handshake = http2Handshake;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean overHttp2 = this.http2Handshake.test(request);
		RouteOrigins route = (overHttp2 || isHandshake(request)) ? route(request) : null;
		if (route == null && overHttp2) {
			// Never passed on: a controller's answer of 200 would open a tunnel
			refuse(response, HttpStatus.NOT_FOUND, "No socket route at this path");
		}
		else if (route == null) {
			chain.doFilter(request, response);
		}
		else if (!this.runtime.acceptsHandshakes()) {
			refuse(route, response, HttpStatus.SERVICE_UNAVAILABLE, "Server not accepting sockets");
		}
		else if (!hasValidUrl(request)) {
			refuse(route, response, HttpStatus.BAD_REQUEST, "Malformed request URL");
		}
		else if (isBeforeHttp11(request)) {
			refuse(route, response, HttpStatus.BAD_REQUEST, "WebSocket handshakes need HTTP/1.1");
		}
		else if (Collections.list(request.getHeaders(SEC_WEBSOCKET_KEY)).size() > 1) {
			refuse(route, response, HttpStatus.BAD_REQUEST, "More than one Sec-WebSocket-Key");
		}
		else if (!route.allows(request)) {
			logOriginRefused(route, request);
			refuse(route, response, HttpStatus.FORBIDDEN, "Origin not allowed");
		}
		else {
			chain.doFilter(overHttp2 ? HandshakeRequest.asHttp11(request) : request, response);
		}
	}

	/**
	 * Say why a handshake's origin was refused: at WARN, at most once a minute, when it came through a proxy that
	 * forwarded headers the server did not trust (every browser's handshake is then refused so), and at DEBUG
	 * otherwise, so that hostile clients cannot flood the log.
	 */
	private void logOriginRefused(RouteOrigins route, HttpServletRequest request) {
		String forwarded = (request.getHeader("Forwarded") != null) ? request.getHeader("Forwarded")
				: request.getHeader("X-Forwarded-Host");
		boolean warn = forwarded != null && mayWarn();
		if (!warn && !logger.isDebugEnabled()) {
			return;
		}
		String own = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
		String message = "Refused a handshake to '" + route.declaredPattern() + "' with 403: its Origin "
				+ request.getHeader(HttpHeaders.ORIGIN) + " is neither this server's own origin as the request shows it ("
				+ own + ") nor allowed (flask-sockets.allowed-origins)"
				+ ((forwarded != null) ? "; it came through a proxy that forwarded " + forwarded
						+ ": set server.forward-headers-strategy so that the server sees the address the browser used"
						: "");
		if (warn) {
			logger.warn(message + ". Further refusals within a minute are logged at DEBUG");
		}
		else {
			logger.debug(message);
		}
	}

	private boolean mayWarn() {
		long now = System.nanoTime();
		long last = this.lastOriginWarning.get();
		return now - last >= WARNING_INTERVAL_NANOS && this.lastOriginWarning.compareAndSet(last, now);
	}

	private void refuse(RouteOrigins route, HttpServletResponse response, HttpStatus status, String message)
			throws IOException {
		this.runtime.metrics().handshakeRefused(route.declaredPattern(), status.value());
		refuse(response, status, message);
	}

	private static boolean isHandshake(HttpServletRequest request) {
		return HttpMethod.GET.matches(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
	}

	private @Nullable RouteOrigins route(HttpServletRequest request) {
		PathContainer path = PathContainer.parsePath(UrlPathHelper.defaultInstance.getLookupPathForRequest(request));
		return this.routes.stream().filter((route) -> route.pattern().matches(path)).findFirst().orElse(null);
	}

	private static boolean isBeforeHttp11(HttpServletRequest request) {
		String protocol = request.getProtocol();
		return "HTTP/1.0".equalsIgnoreCase(protocol) || "HTTP/0.9".equalsIgnoreCase(protocol);
	}

	/**
	 * Whether the URL parses and its query decodes; the container would fail the upgrade otherwise (Tomcat
	 * throws on a query parameter it cannot decode).
	 */
	private static boolean hasValidUrl(HttpServletRequest request) {
		try {
			new ServletServerHttpRequest(request).getURI();
			request.getParameterMap();
			return true;
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Answer with a status and a one-line plain text body; a {@code 503} tells when to try again.
	 */
	static void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
		response.setStatus(status.value());
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		response.setContentType("text/plain;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * A route's pattern, as declared and as Spring matches it, and the origins it accepts besides the page's own.
	 */
	record RouteOrigins(String declaredPattern, PathPattern pattern, CorsConfiguration origins) {

		static RouteOrigins of(String declaredPattern, String springPattern, List<String> allowedOrigins,
				List<String> allowedOriginPatterns) {
			CorsConfiguration origins = new CorsConfiguration();
			origins.setAllowedOrigins(allowedOrigins);
			origins.setAllowedOriginPatterns(allowedOriginPatterns);
			return new RouteOrigins(declaredPattern, PathPatternParser.defaultInstance.parse(springPattern), origins);
		}

		/**
		 * Whether the handshake comes from the same origin (or from no browser) or from an allowed one; an origin
		 * that does not parse is not allowed.
		 */
		boolean allows(HttpServletRequest request) {
			ServletServerHttpRequest serverRequest = new ServletServerHttpRequest(request);
			try {
				return WebUtils.isSameOrigin(serverRequest)
						|| this.origins.checkOrigin(serverRequest.getHeaders().getOrigin()) != null;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

	}

}
