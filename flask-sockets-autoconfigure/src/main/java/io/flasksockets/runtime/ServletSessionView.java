package io.flasksockets.runtime;

import java.util.function.Consumer;
import java.util.function.Function;

import io.flasksockets.HttpSessionView;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpSessionView} over the servlet container's session, reached through the Servlet 6.1
 * {@link HttpSession.Accessor} so that each access sees the session as it is now.
 */
final class ServletSessionView implements HttpSessionView {

	private final @Nullable String id;

	private final HttpSession.@Nullable Accessor accessor;

	ServletSessionView(@Nullable HttpSession session) {
		this.id = (session != null) ? session.getId() : null;
		this.accessor = (session != null) ? session.getAccessor() : null;
	}

	@Override
	public boolean exists() {
		return read((session) -> Boolean.TRUE) != null;
	}

	@Override
	public @Nullable String id() {
		return this.id;
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		return read((session) -> session.getAttribute(name));
	}

	@Override
	public void setAttribute(String name, Object value) {
		write((session) -> session.setAttribute(name, value));
	}

	@Override
	public void removeAttribute(String name) {
		write((session) -> session.removeAttribute(name));
	}

	private <T> @Nullable T read(Function<HttpSession, @Nullable T> reader) {
		if (this.accessor == null) {
			return null;
		}
		Object[] result = new Object[1];
		try {
			this.accessor.access((session) -> result[0] = reader.apply(session));
		}
		catch (IllegalStateException ex) {
			return null;
		}
		@SuppressWarnings("unchecked")
		T value = (T) result[0];
		return value;
	}

	private void write(Consumer<HttpSession> writer) {
		if (this.accessor == null) {
			throw new IllegalStateException("The handshake carried no HTTP session, and a socket cannot create one");
		}
		this.accessor.access(writer);
	}

}
