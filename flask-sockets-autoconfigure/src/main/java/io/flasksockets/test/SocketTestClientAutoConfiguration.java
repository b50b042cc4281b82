package io.flasksockets.test;

import java.net.URI;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Test auto-configuration of {@link SocketTestClients}, imported by
 * {@link AutoConfigureSocketTestClient @AutoConfigureSocketTestClient}. The server's port is read when the first
 * socket opens, once the server has started.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration
public final class SocketTestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketTestClients flaskSocketsTestClients(ApplicationContext context) {
		return new SocketTestClients(() -> {
			URI http = URI.create(LocalTestWebServer.obtain(context).uri());
			return URI.create(http.toString().replaceFirst("^http", "ws"));
		});
	}

}
