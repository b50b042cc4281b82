package io.flasksockets.session;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The live session over the servlet container's sessions.
 */
@SpringBootTest(classes = SessionTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "flask-sockets.session-check-interval=200ms")
class ServletSessionIntegrationTests extends AbstractSessionIntegrationTests {

}
