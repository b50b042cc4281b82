package io.flasksockets.internal.runtime;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes the sockets of an HTTP session the moment a request invalidates it, as a logout does, whatever keeps the
 * session: a Spring Session store that tells no one of deletions among them. It wraps each request's session so
 * that an invalidation reaches the runtime, behind Spring Session's filter and ahead of Spring Security's.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class InvalidationFilter extends OncePerRequestFilter {

	private final SocketRuntime runtime;

	/**
	 * Create a filter that tells a runtime of invalidations.
	 * @param runtime the runtime
	 */
	public InvalidationFilter(SocketRuntime runtime) {
		this.runtime = runtime;
	}

	/**
	 * Leave handshakes alone: they never invalidate a session, and the container upgrades them.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable HttpSession getSession(boolean create) {
				HttpSession session = super.getSession(create);
				return (session != null) ? new Session(session) : null;
			}

			@Override
			public HttpSession getSession() {
				return new Session(super.getSession());
			}

		}, response);
	}

	/**
	 * A session whose invalidation closes its sockets.
	 */
	private final class Session implements HttpSession {

		private final HttpSession session;

		Session(HttpSession session) {
			this.session = session;
		}

		/**
		 * Close the session's sockets before invalidating it, so that a session check in between cannot find the
		 * session gone first and close them as {@link SessionEnd#GONE}: a socket keeps the first status it was
		 * given, and one that registers only after this closes with it too.
		 */
		@Override
		public void invalidate() {
			InvalidationFilter.this.runtime.sessionEnded(this.session.getId(), SessionEnd.INVALIDATED);
			this.session.invalidate();
		}

		@Override
		public long getCreationTime() {
			return this.session.getCreationTime();
		}

		@Override
		public String getId() {
			return this.session.getId();
		}

		@Override
		public long getLastAccessedTime() {
			return this.session.getLastAccessedTime();
		}

		@Override
		public ServletContext getServletContext() {
			return this.session.getServletContext();
		}

		@Override
		public void setMaxInactiveInterval(int interval) {
			this.session.setMaxInactiveInterval(interval);
		}

		@Override
		public int getMaxInactiveInterval() {
			return this.session.getMaxInactiveInterval();
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.session.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return this.session.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			this.session.setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.session.removeAttribute(name);
		}

		@Override
		public boolean isNew() {
			return this.session.isNew();
		}

		@Override
		public Accessor getAccessor() {
			return this.session.getAccessor();
		}

	}

}
