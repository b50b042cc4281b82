package io.flasksockets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds a {@link SocketTestClients} bean to a {@code @SpringBootTest} that runs the server on a real port
 * ({@code webEnvironment = RANDOM_PORT} or {@code DEFINED_PORT}), as {@code @AutoConfigureTestRestTemplate} adds a
 * {@code TestRestTemplate}.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureSocketTestClient {

}
