package io.flasksockets.session;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LiveSession} over the servlet container's session. Reads and writes go through the Servlet 6.1
 * {@link HttpSession.Accessor}, so each sees the session as it is now; the end is found from the session's
 * last-access time and timeout, which reading does not change.
 */
final class ServletLiveSession implements LiveSession {

	private final @Nullable HttpSession session;

	private final HttpSession.@Nullable Accessor accessor;

	private final @Nullable TouchThrottle throttle;

	ServletLiveSession(@Nullable HttpSession session, Executor executor) {
		this.session = session;
		this.accessor = (session != null) ? session.getAccessor() : null;
		this.throttle = (session != null)
				? new TouchThrottle(executor, Duration.ofSeconds(session.getMaxInactiveInterval())) : null;
	}

	@Override
	public boolean exists() {
		return this.session != null && !hasEnded();
	}

	@Override
	public @Nullable String id() {
		return (this.session != null) ? this.session.getId() : null;
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

	@Override
	public void touch() {
		if (this.throttle != null) {
			this.throttle.touch(() -> read((session) -> null));
		}
	}

	@Override
	public boolean hasEnded() {
		if (this.session == null) {
			return false;
		}
		try {
			long timeout = Duration.ofSeconds(this.session.getMaxInactiveInterval()).toMillis();
			return timeout > 0 && System.currentTimeMillis() - this.session.getLastAccessedTime() >= timeout;
		}
		catch (IllegalStateException ex) {
			// Invalidated
			return true;
		}
	}

	private <T> @Nullable T read(Function<HttpSession, @Nullable T> reader) {
		if (this.accessor == null || hasEnded()) {
			return null;
		}
		Object[] result = new Object[1];
		try {
			this.accessor.access((session) -> result[0] = reader.apply(session));
		}
		catch (IllegalStateException ex) {
			// Ended since: nothing to read
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
