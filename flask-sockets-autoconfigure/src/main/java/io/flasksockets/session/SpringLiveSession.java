package io.flasksockets.session;

import java.time.Instant;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A {@link LiveSession} read and written through a Spring Session repository, so that it sees, and is seen by,
 * every node that shares the store.
 */
final class SpringLiveSession implements LiveSession {

	private final SessionRepository<Session> repository;

	private final @Nullable String id;

	private final @Nullable TouchThrottle throttle;

	/** When the session expires unless it is used, as of the last time this view read it. */
	private volatile Instant expiresAt = Instant.MAX;

	@SuppressWarnings("unchecked")
	SpringLiveSession(SessionRepository<? extends Session> repository, @Nullable String id) {
		this.repository = (SessionRepository<Session>) repository;
		this.id = id;
		Session session = find();
		this.throttle = (session != null) ? new TouchThrottle(session.getMaxInactiveInterval()) : null;
	}

	@Override
	public boolean exists() {
		return find() != null;
	}

	@Override
	public @Nullable String id() {
		return this.id;
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		Session session = find();
		return (session != null) ? session.getAttribute(name) : null;
	}

	@Override
	public void setAttribute(String name, Object value) {
		save((session) -> session.setAttribute(name, value));
	}

	@Override
	public void removeAttribute(String name) {
		save((session) -> session.removeAttribute(name));
	}

	@Override
	public void touch() {
		if (this.throttle != null) {
			this.throttle.touch(() -> {
				Session session = find();
				if (session != null) {
					session.setLastAccessedTime(Instant.now());
					this.repository.save(session);
				}
			});
		}
	}

	@Override
	public boolean hasEnded() {
		return this.id != null && find() == null;
	}

	@Override
	public boolean hasExpired() {
		return !Instant.now().isBefore(this.expiresAt);
	}

	private @Nullable Session find() {
		Session session = (this.id != null) ? this.repository.findById(this.id) : null;
		if (session != null) {
			this.expiresAt = session.getLastAccessedTime().plus(session.getMaxInactiveInterval());
		}
		return session;
	}

	private void save(Consumer<Session> change) {
		Session session = find();
		if (session == null) {
			throw new IllegalStateException((this.id != null) ? "The HTTP session has ended"
					: "The handshake carried no HTTP session, and a socket cannot create one");
		}
		change.accept(session);
		this.repository.save(session);
	}

}
