package io.flasksockets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a WebSocket route. On a class it marks a component implementing {@link SocketHandler}, found by
 * component scanning like a {@code @RestController}. On a method of any bean it makes that method the handler;
 * the method takes a {@link Socket} and, by parameter name, any of the route's path variables.
 *
 * <p>The path uses Flask syntax ({@code /chat/<room>}, {@code <int:id>}, {@code <float:x>}, {@code <uuid:id>},
 * {@code <path:rest>}) or Spring syntax ({@code /chat/{room}}). A request whose typed segment does not convert
 * does not match the route.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 * @see SocketHandler
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketRoute {

	/**
	 * The route's path; alias for {@link #path()}.
	 * @return the path
	 */
	@AliasFor("path")
	String value() default "";

	/**
	 * The route's path, in Flask or Spring syntax.
	 * @return the path
	 */
	@AliasFor("value")
	String path() default "";

}
