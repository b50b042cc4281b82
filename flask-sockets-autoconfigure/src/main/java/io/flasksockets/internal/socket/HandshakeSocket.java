package io.flasksockets.internal.socket;

import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.flasksockets.HttpSessionView;
import io.flasksockets.Socket;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * The part of a {@link Socket} that answers from the HTTP handshake that opened it: Spring's session for the URI,
 * headers, principal and subprotocol, and the {@link HandshakeContext} for the rest.
 */
abstract class HandshakeSocket implements Socket {

	final WebSocketSession session;

	final HandshakeContext handshake;

	final Conversions conversions;

	HandshakeSocket(WebSocketSession session, Conversions conversions) {
		this.session = session;
		this.handshake = HandshakeContext.of(session);
		this.conversions = conversions;
	}

	@Override
	public String id() {
		return this.session.getId();
	}

	@Override
	public String pathVariable(String name) {
		return this.handshake.pathVariable(name);
	}

	@Override
	public <T> T pathVariable(String name, Class<T> type) {
		return this.conversions.convert(pathVariable(name), type);
	}

	@Override
	public @Nullable String queryParam(String name) {
		return this.handshake.queryParam(name);
	}

	@Override
	public @Nullable String header(String name) {
		return this.session.getHandshakeHeaders().getFirst(name);
	}

	@Override
	public @Nullable String cookie(String name) {
		return this.handshake.cookies().get(name);
	}

	@Override
	public Map<String, String> cookies() {
		return this.handshake.cookies();
	}

	@Override
	public Optional<Principal> principal() {
		return Optional.ofNullable(this.session.getPrincipal());
	}

	@Override
	public HttpSessionView session() {
		return this.handshake.session();
	}

	@Override
	public @Nullable String subprotocol() {
		String protocol = this.session.getAcceptedProtocol();
		return (protocol != null && !protocol.isEmpty()) ? protocol : null;
	}

	@Override
	public URI uri() {
		return Objects.requireNonNull(this.session.getUri());
	}

	@Override
	public Map<String, Object> attributes() {
		return this.session.getAttributes();
	}

	@Override
	public String toString() {
		return "Socket " + id() + " " + this.session.getUri();
	}


}
