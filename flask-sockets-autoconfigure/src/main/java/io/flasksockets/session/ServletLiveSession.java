package io.flasksockets.session;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LiveSession} over the servlet container's session. Reads and writes go through the Servlet 6.1
 * {@link HttpSession.Accessor}, so each sees the session as it is now, and counts as an access.
 */
final class ServletLiveSession implements LiveSession {

	/**
	 * How close to one of this view's own checks an access may be and still be that check.
	 */
	private static final long OWN_ACCESS_TOLERANCE_MILLIS = 1000;

	private final @Nullable HttpSession session;

	private final @Nullable String id;

	private final HttpSession.@Nullable Accessor accessor;

	private final @Nullable TouchThrottle throttle;

	private final long timeoutMillis;

	/** When the session was last used as far as this view knows: the handshake, or traffic on the socket. */
	private volatile long lastUseMillis = System.currentTimeMillis();

	/** When this view last accessed the session only to check it. */
	private volatile long lastCheckMillis;

	ServletLiveSession(@Nullable HttpSession session) {
		this.session = session;
		this.id = (session != null) ? session.getId() : null;
		this.accessor = (session != null) ? session.getAccessor() : null;
		this.throttle = (session != null)
				? new TouchThrottle(Duration.ofSeconds(session.getMaxInactiveInterval())) : null;
		this.timeoutMillis = (session != null) ? Duration.ofSeconds(session.getMaxInactiveInterval()).toMillis() : 0;
	}

	@Override
	public boolean exists() {
		return this.session != null && !hasEnded();
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

	@Override
	public void touch() {
		if (this.throttle != null) {
			this.throttle.touch(() -> access((session) -> this.lastUseMillis = System.currentTimeMillis()));
		}
	}

	/**
	 * Find the end without keeping the session alive. An invalidated session, or one given a new id, says so at
	 * once. For expiry, the
	 * Servlet API offers no reading of the session's current last access that does not itself count as one (and
	 * Jetty reports the access before the latest outside a request), so the session is only asked, through an
	 * access, once the last use this view knows of is a whole timeout old; if it has expired, that access must not
	 * revive it, and the session is invalidated.
	 */
	@Override
	public boolean hasEnded() {
		if (this.session == null) {
			return false;
		}
		try {
			if (!this.session.getId().equals(this.id)) {
				// Replaced by a new id, as at login: this socket's session is gone
				return true;
			}
			long known = Math.max(this.session.getLastAccessedTime(), this.lastUseMillis);
			if (!expired(known, this.session)) {
				return false;
			}
		}
		catch (IllegalStateException ex) {
			// Invalidated
			return true;
		}
		boolean[] ended = { true };
		access((session) -> {
			long now = System.currentTimeMillis();
			long lastAccess = session.getLastAccessedTime();
			boolean ownCheck = Math.abs(lastAccess - this.lastCheckMillis) < OWN_ACCESS_TOLERANCE_MILLIS;
			long lastUse = ownCheck ? this.lastUseMillis : Math.max(lastAccess, this.lastUseMillis);
			ended[0] = expired(lastUse, session);
			if (ended[0]) {
				session.setAttribute(LiveSessions.EXPIRED_ATTRIBUTE, true);
				session.invalidate();
			}
			else {
				this.lastUseMillis = lastUse;
				this.lastCheckMillis = now;
			}
		});
		return ended[0];
	}

	@Override
	public boolean hasExpired() {
		return this.timeoutMillis > 0 && System.currentTimeMillis() - this.lastUseMillis >= this.timeoutMillis;
	}

	private static boolean expired(long lastUseMillis, HttpSession session) {
		long timeout = Duration.ofSeconds(session.getMaxInactiveInterval()).toMillis();
		return timeout > 0 && System.currentTimeMillis() - lastUseMillis >= timeout;
	}

	/**
	 * Access the session through the container, which counts as a use; an ended session is left alone.
	 */
	private void access(Consumer<HttpSession> action) {
		try {
			Objects.requireNonNull(this.accessor).access(action);
		}
		catch (IllegalStateException ex) {
			// Ended: nothing to keep alive or check
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
