package io.flasksockets.session;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * The live session over Spring Session, with a {@link MapSessionRepository}.
 */
@SpringBootTest(classes = { SessionTestApplication.class, SpringSessionIntegrationTests.MapSessions.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "flask-sockets.session-check-interval=200ms")
class SpringSessionIntegrationTests extends AbstractSessionIntegrationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class MapSessions {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
