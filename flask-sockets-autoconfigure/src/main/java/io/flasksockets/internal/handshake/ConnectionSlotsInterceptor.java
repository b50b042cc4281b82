package io.flasksockets.internal.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Admits each handshake within the node's capacity: it takes a connection slot of the server, of the route and of
 * the peer's address, answering {@code 503} with a {@code Retry-After} when any has as many sockets open as it
 * may, and a slot of the compressed sockets when the handshake offers compression; when those are all taken the
 * socket opens without compression ({@link #COMPRESSION_DECLINED}). The peer's address is the request's remote
 * address: a forwarded one only when the application trusts its proxy ({@code server.forward-headers-strategy}).
 *
 * <p>What gives the slots back is left in the handshake's attributes under {@link #SLOTS}, for the
 * {@link HandshakeContextInterceptor} to hand to the socket, which gives them back when it finishes; a handshake
 * that does not upgrade gives them back here.
 */
final class ConnectionSlotsInterceptor implements HandshakeInterceptor {

	/**
	 * The attribute holding what gives the handshake's connection slots back.
	 */
	static final String SLOTS = ConnectionSlotsInterceptor.class.getName() + ".slots";

	/**
	 * The request attribute that tells the handshake handler to decline compression.
	 */
	static final String COMPRESSION_DECLINED = ConnectionSlotsInterceptor.class.getName() + ".compressionDeclined";

	private final NodeSlots node;

	private final ConnectionSlots routeSlots;

	private final Runnable onRefused;

	/**
	 * Create an interceptor for one route.
	 * @param node the slots the routes of the node share
	 * @param routeSlots the route's own slots
	 * @param onRefused told of each handshake refused
	 */
	ConnectionSlotsInterceptor(NodeSlots node, ConnectionSlots routeSlots, Runnable onRefused) {
		this.node = node;
		this.routeSlots = routeSlots;
		this.onRefused = onRefused;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws Exception {
		HttpServletRequest servletRequest = servletRequest(request);
		List<Runnable> taken = new ArrayList<>(4);
		String refusal = take(taken, this.node.server().tryTake(), "Too many connections");
		refusal = (refusal != null) ? refusal : take(taken, this.routeSlots.tryTake(), "Too many connections");
		refusal = (refusal != null) ? refusal
				: take(taken, this.node.addresses().tryTake(servletRequest.getRemoteAddr()),
						"Too many connections from this address");
		if (refusal != null) {
			taken.forEach(Runnable::run);
			this.onRefused.run();
			HandshakeGuard.refuse(((ServletServerHttpResponse) response).getServletResponse(),
					HttpStatus.SERVICE_UNAVAILABLE, refusal);
			return false;
		}
		if (offersCompression(servletRequest)
				&& take(taken, this.node.compressed().tryTake(), "No compression") != null) {
			servletRequest.setAttribute(COMPRESSION_DECLINED, true);
		}
		Runnable giveBack = () -> taken.forEach(Runnable::run);
		attributes.put(SLOTS, giveBack);
		servletRequest.setAttribute(SLOTS, giveBack);
		return true;
	}

	/**
	 * Keep a slot taken.
	 * @return {@code null} if there was one, or else the refusal
	 */
	private static @Nullable String take(List<Runnable> taken, @Nullable Runnable giveBack, String refusal) {
		if (giveBack == null) {
			return refusal;
		}
		taken.add(giveBack);
		return null;
	}

	private static boolean offersCompression(HttpServletRequest request) {
		String extensions = request.getHeader(WebSocketHttpHeaders.SEC_WEBSOCKET_EXTENSIONS);
		return extensions != null && extensions.toLowerCase(Locale.ROOT).contains("permessage-deflate");
	}

	/**
	 * Give the slots back unless the connection was upgraded (HTTP/1.1 answers {@code 101}, a handshake over
	 * HTTP/2 {@code 200}): its socket gives them back when it finishes.
	 */
	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
		HttpServletRequest servletRequest = servletRequest(request);
		int status = ((ServletServerHttpResponse) response).getServletResponse().getStatus();
		HttpStatus upgraded = HandshakeRequest.cameOverHttp2(servletRequest) ? HttpStatus.OK
				: HttpStatus.SWITCHING_PROTOCOLS;
		if ((exception != null || status != upgraded.value())
				&& servletRequest.getAttribute(SLOTS) instanceof Runnable giveBack) {
			giveBack.run();
		}
	}

	private static HttpServletRequest servletRequest(ServerHttpRequest request) {
		return ((ServletServerHttpRequest) request).getServletRequest();
	}

	/**
	 * The slots every route of a node shares: the server's, each peer address's and the compressed sockets'.
	 */
	record NodeSlots(ConnectionSlots server, AddressSlots addresses, ConnectionSlots compressed) {

	}

}
