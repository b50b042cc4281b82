package io.flasksockets;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A stand-in for authentication in test applications: authenticates {@code ?user=<name>} as that user.
 */
public class UserFromQueryFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String user = request.getParameter("user");
		chain.doFilter((user == null) ? request : new HttpServletRequestWrapper(request) {

			@Override
			public Principal getUserPrincipal() {
				return () -> user;
			}

		}, response);
	}

}
