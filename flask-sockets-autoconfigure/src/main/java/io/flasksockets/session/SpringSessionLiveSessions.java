package io.flasksockets.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * {@link LiveSessions} read and written through a Spring Session repository, so that a socket sees, and is seen by,
 * every node that shares the store.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SpringSessionLiveSessions implements LiveSessions {

	private final SessionRepository<? extends Session> repository;

	/**
	 * Create live sessions over a repository.
	 * @param repository the repository
	 */
	public SpringSessionLiveSessions(SessionRepository<? extends Session> repository) {
		this.repository = repository;
	}

	@Override
	public LiveSession of(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return new SpringLiveSession(this.repository, (session != null) ? session.getId() : null);
	}

}
