package io.flasksockets.internal.limits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flasksockets.RateLimit;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.UserFromQueryFilter;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Routes with rate limits, whose handlers note when each message was handed to them, by the {@code name} query
 * parameter of their socket; {@code ?user=} authenticates a user.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RateLimitTestApplication {

	@Bean
	UserFromQueryFilter userFromQuery() {
		return new UserFromQueryFilter();
	}

	@Bean
	Routes routes() {
		return new Routes();
	}

	/**
	 * The routes, and when each socket's handler received each of its messages.
	 */
	public static class Routes {

		private final Map<String, List<Long>> received = new ConcurrentHashMap<>();

		/**
		 * 100 messages per second with a burst of 20, past which {@code receive()} waits.
		 */
		@SocketRoute("/delayed")
		@RateLimit(messagesPerSecond = 100, messageBurst = 20)
		void delayed(Socket ws) {
			note(ws);
		}

		/**
		 * 4 KB per second with a burst of 8 KB, past which {@code receive()} waits.
		 */
		@SocketRoute(path = "/bytes", maxTextMessageSize = "1KB")
		@RateLimit(bytesPerSecond = "4KB", byteBurst = "8KB")
		void bytes(Socket ws) {
			note(ws);
		}

		/**
		 * 10 messages per second with a burst of 5, past which the socket closes with 1008.
		 */
		@SocketRoute("/closing")
		@RateLimit(messagesPerSecond = 10, messageBurst = 5, policy = RateLimit.Policy.CLOSE)
		void closing(Socket ws) {
			note(ws);
		}

		/**
		 * 50 messages per second per user with a burst of 10, shared by the user's sockets.
		 */
		@SocketRoute("/per-user")
		@RateLimit(userMessagesPerSecond = 50, userMessageBurst = 10)
		void perUser(Socket ws) {
			note(ws);
		}

		/**
		 * 4 KB per second per user with a burst of 8 KB, shared by the user's sockets.
		 */
		@SocketRoute("/per-user-bytes")
		@RateLimit(userBytesPerSecond = "4KB", userByteBurst = "8KB")
		void perUserBytes(Socket ws) {
			note(ws);
		}

		/**
		 * No limit of its own: the global properties.
		 */
		@SocketRoute("/global")
		void global(Socket ws) {
			note(ws);
		}

		private void note(Socket ws) {
			List<Long> times = this.received.computeIfAbsent(ws.queryParam("name"),
					(name) -> new CopyOnWriteArrayList<>());
			while (ws.receive() != null) {
				times.add(System.nanoTime());
			}
		}

		/**
		 * Return when the handler of the socket of that name received each of its messages.
		 * @param name the name
		 * @return the times, in nanoseconds
		 */
		public List<Long> received(String name) {
			return this.received.getOrDefault(name, List.of());
		}

	}

}
