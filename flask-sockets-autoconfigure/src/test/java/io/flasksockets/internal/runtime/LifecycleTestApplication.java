package io.flasksockets.internal.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketRoute;
import io.flasksockets.autoconfigure.FlaskSocketsAutoConfiguration;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.InMemorySocketBroker;
import io.flasksockets.broker.LocalSockets;
import io.flasksockets.broker.SocketBroker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Routes for shutdown, fan-out and failures of the application's own parts, started and stopped by the tests
 * themselves; properties under {@code test.} swap in an executor, an error handler or a broker that misbehaves.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class LifecycleTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	/**
	 * One thread for all handlers: a handler that never returns takes it for good.
	 */
	@Bean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME)
	@ConditionalOnProperty(name = "test.executor", havingValue = "single-thread")
	Executor singleThreadExecutor() {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10));
	}

	@Bean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME)
	@ConditionalOnProperty(name = "test.executor", havingValue = "refusing")
	Executor refusingExecutor() {
		return (task) -> {
			throw new RejectedExecutionException("No threads on purpose");
		};
	}

	@Bean
	@ConditionalOnProperty(name = "test.error-handler", havingValue = "throws")
	SocketErrorHandler throwingErrorHandler() {
		return (socket, route, error) -> {
			throw new IllegalStateException("Error handler failure on purpose");
		};
	}

	@Bean
	@ConditionalOnProperty(name = "test.error-handler", havingValue = "answers-nothing")
	SocketErrorHandler silentErrorHandler() {
		return (socket, route, error) -> null;
	}

	@Bean
	@ConditionalOnProperty(name = "test.broker", havingValue = "slow-leaves")
	SlowLeaves slowLeaves() {
		return new SlowLeaves();
	}

	/**
	 * A broker of one node whose leaves of the room {@code slow} wait until a test lets them go, and which notes
	 * whether it was stopped while one waited.
	 */
	static class SlowLeaves implements SocketBroker {

		private final InMemorySocketBroker broker = new InMemorySocketBroker();

		final CountDownLatch leaving = new CountDownLatch(1);

		final CountDownLatch leaveRelease = new CountDownLatch(1);

		volatile boolean left;

		volatile boolean stopped;

		volatile boolean stoppedWhileLeaving;

		@Override
		public void start(LocalSockets sockets) {
			this.broker.start(sockets);
		}

		@Override
		public void stop() {
			this.stoppedWhileLeaving = this.leaving.getCount() == 0 && !this.left;
			this.stopped = true;
		}

		@Override
		public void publish(Delivery delivery) {
			this.broker.publish(delivery);
		}

		@Override
		public long remoteCount(Address address) {
			return 0;
		}

		@Override
		public void left(String room, String socketId, @Nullable String member) {
			if (room.equals("slow")) {
				this.leaving.countDown();
				try {
					this.leaveRelease.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.left = true;
			}
		}

	}

	static class Routes {

		/** Released by a test to let the {@code /lingering} handler return after its socket closed. */
		final CountDownLatch lingeringRelease = new CountDownLatch(1);

		final CountDownLatch lingeringClosed = new CountDownLatch(1);

		/** Counted down when the {@code /lingering} handler is interrupted while it waits for its release. */
		final CountDownLatch lingeringInterrupted = new CountDownLatch(1);

		/** Counted down when a send of the {@code /flood} handler fails. */
		final CountDownLatch floodStopped = new CountDownLatch(1);

		volatile Thread floodThread;

		@SocketRoute("/lingering")
		void lingering(Socket ws) {
			ws.send("ready");
			while (ws.receive() != null) {
				// wait for the end
			}
			this.lingeringClosed.countDown();
			try {
				this.lingeringRelease.await();
			}
			catch (InterruptedException ex) {
				this.lingeringInterrupted.countDown();
			}
		}

		/**
		 * Sends 64 KB messages until a send fails.
		 */
		@SocketRoute("/flood")
		void flood(Socket ws) {
			this.floodThread = Thread.currentThread();
			byte[] chunk = new byte[64 * 1024];
			try {
				while (true) {
					ws.send(chunk);
				}
			}
			catch (SocketClosedException ex) {
				this.floodStopped.countDown();
			}
		}

		/**
		 * Joins the room {@code slow} and holds its socket until it closes.
		 */
		@SocketRoute("/slow-room")
		void slowRoom(Socket ws) {
			ws.join("slow");
			ws.send("ready");
			while (ws.receive() != null) {
				// wait for the end
			}
		}

		/**
		 * Joins the room {@code slow} and returns only when its thread is interrupted, as shutdown does once its
		 * timeout has passed.
		 */
		@SocketRoute("/stuck-in-room")
		void stuckInRoom(Socket ws) {
			ws.join("slow");
			ws.send("ready");
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				// Shutdown cut the socket: return, keeping the interrupt as a handler should
				Thread.currentThread().interrupt();
			}
		}

		@SocketRoute("/fail")
		void fail(Socket ws) {
			throw new IllegalArgumentException("Handler failure on purpose");
		}

	}

}
