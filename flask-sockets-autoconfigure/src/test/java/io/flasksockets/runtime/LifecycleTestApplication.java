package io.flasksockets.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

	static class Routes {

		/** The sockets and handler threads of {@code /held}, by the client's {@code name} query parameter. */
		final Map<String, Socket> heldSockets = new ConcurrentHashMap<>();

		final Map<String, Thread> heldThreads = new ConcurrentHashMap<>();

		/** Released by a test to let the {@code /lingering} handler return after its socket closed. */
		final CountDownLatch lingeringRelease = new CountDownLatch(1);

		final CountDownLatch lingeringClosed = new CountDownLatch(1);

		@SocketRoute("/held")
		void held(Socket ws) {
			this.heldSockets.put(ws.queryParam("name"), ws);
			this.heldThreads.put(ws.queryParam("name"), Thread.currentThread());
			ws.send("ready");
			while (ws.receive() != null) {
				// wait for the end
			}
		}

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
