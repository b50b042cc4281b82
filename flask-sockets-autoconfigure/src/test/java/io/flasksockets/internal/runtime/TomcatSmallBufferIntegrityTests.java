package io.flasksockets.internal.runtime;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The integrity tests again, with Tomcat's message buffers held at 1 KiB so that they never grow: every message
 * larger than that, compressed or not, arrives in parts of 1 KiB and must still arrive whole and unchanged.
 */
@SpringBootTest(classes = IntegrityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "flask-sockets.max-text-message-size=20MB", "flask-sockets.max-binary-message-size=20MB",
				"flask-sockets.inbound-buffer-limit=40MB", "flask-sockets.message-buffer.initial-size=1KB",
				"flask-sockets.message-buffer.max-size=1KB" })
class TomcatSmallBufferIntegrityTests extends IntegrityIntegrationTests {

}
