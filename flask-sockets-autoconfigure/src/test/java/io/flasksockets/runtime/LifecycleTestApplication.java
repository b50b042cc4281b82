package io.flasksockets.runtime;

import java.util.concurrent.CountDownLatch;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Routes for shutdown and fan-out, started and stopped by the tests themselves.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class LifecycleTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	@Bean
	HeldSockets heldSockets() {
		return new HeldSockets();
	}

	static class Routes {

		/** Released by a test to let the {@code /lingering} handler return after its socket closed. */
		final CountDownLatch lingeringRelease = new CountDownLatch(1);

		final CountDownLatch lingeringClosed = new CountDownLatch(1);

		@SocketRoute("/lingering")
		void lingering(Socket ws) throws InterruptedException {
			ws.send("ready");
			while (ws.receive() != null) {
				// wait for the end
			}
			this.lingeringClosed.countDown();
			this.lingeringRelease.await();
		}

	}

}
