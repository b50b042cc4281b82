package io.flasksockets.internal.handshake;

import java.util.function.UnaryOperator;

import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * Carries the handshake's Spring Security context over to the socket's thread, so that method security sees the
 * user the handshake authenticated. Does nothing without Spring Security.
 */
final class SecurityContextPropagation {

	private static final boolean securityPresent = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder",
			SecurityContextPropagation.class.getClassLoader());

	private SecurityContextPropagation() {
	}

	/**
	 * Capture the current thread's security context, for a task to run with later on another thread.
	 */
	static UnaryOperator<Runnable> capture() {
		return securityPresent ? Security.capture() : UnaryOperator.identity();
	}

	/**
	 * Kept apart so that Spring Security's classes load only when present.
	 */
	private static final class Security {

		static UnaryOperator<Runnable> capture() {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(SecurityContextHolder.getContext().getAuthentication());
			return (task) -> new DelegatingSecurityContextRunnable(task, context);
		}

	}

}
