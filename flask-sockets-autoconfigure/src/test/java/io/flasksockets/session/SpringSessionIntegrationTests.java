package io.flasksockets.session;

import java.util.concurrent.ConcurrentHashMap;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live session over Spring Session, with a {@link MapSessionRepository}.
 */
@SpringBootTest(classes = { SessionTestApplication.class, SpringSessionIntegrationTests.MapSessions.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "flask-sockets.session-check-interval=200ms")
class SpringSessionIntegrationTests extends AbstractSessionIntegrationTests {

	@Autowired
	private MapSessionRepository sessions;

	@Test
	void aSessionThatVanishesFromItsStoreBeforeItsTimeClosesItsSocketsAsGone() throws Exception {
		String id = createSession(60);
		try (SocketTestClient ws = connect()) {
			ws.send("exists");
			assertThat(ws.receive()).isEqualTo("exists=true id=true");
			this.sessions.deleteById(id);
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1008, "HTTP session gone"));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	static class MapSessions {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
