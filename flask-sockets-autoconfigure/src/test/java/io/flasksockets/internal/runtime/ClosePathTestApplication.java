package io.flasksockets.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedEvent;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.SocketRoute;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.CloseStatus;

/**
 * Routes whose sockets end in every way but the happy one: failing handlers, listeners and error handlers, writes
 * that fail or never finish, interrupts, and a chat room that forgets its members leave.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SharedRoutes.class)
class ClosePathTestApplication {

	@Bean
	Routes routes() {
		return new Routes();
	}

	@Bean
	Events events() {
		return new Events();
	}

	static class Events {

		final List<SocketClosedEvent> closed = new CopyOnWriteArrayList<>();

		@EventListener
		void opened(SocketOpenedEvent event) {
			if (event.getRoute().equals("/open-listener-fails")) {
				throw new IllegalStateException("Opened listener failure on purpose");
			}
		}

		@EventListener
		void closed(SocketClosedEvent event) {
			this.closed.add(event);
		}

		CloseStatus statusOf(Socket socket) {
			return this.closed.stream()
				.filter((event) -> event.getSocket() == socket)
				.map(SocketClosedEvent::getStatus)
				.findFirst()
				.orElse(null);
		}

	}

	static class Routes {

		/** The members of the chat room, which never removes them. */
		final List<Socket> room = new CopyOnWriteArrayList<>();

		/** What ended each named sender's sending, by the {@code name} query parameter. */
		final Map<String, SocketClosedException> sendFailures = new ConcurrentHashMap<>();

		/** What a second send threw after the first failed, by name. */
		final Map<String, SocketClosedException> laterSendFailures = new ConcurrentHashMap<>();

		/** The threads of the named {@code /interruptible} handlers. */
		final Map<String, Thread> threads = new ConcurrentHashMap<>();

		/** Whether each named handler's thread was still interrupted when its receive returned, by name. */
		final Map<String, Boolean> stillInterrupted = new ConcurrentHashMap<>();

		/**
		 * Sends every message to every member, without a thought for members that have gone.
		 */
		@SocketRoute("/room")
		void room(Socket ws) {
			this.room.add(ws);
			for (String message : ws.messages()) {
				for (Socket member : this.room) {
					member.send(message);
				}
			}
		}

		/**
		 * Sends 64 KB messages until a send fails, then tries once more.
		 */
		@SocketRoute(path = "/flood", pingInterval = "0")
		void flood(Socket ws) {
			String name = ws.queryParam("name");
			this.threads.put(name, Thread.currentThread());
			byte[] chunk = new byte[64 * 1024];
			try {
				while (true) {
					ws.send(chunk);
				}
			}
			catch (SocketClosedException ex) {
				this.sendFailures.put(name, ex);
			}
			try {
				ws.send("after the failure");
			}
			catch (SocketClosedException ex) {
				this.laterSendFailures.put(name, ex);
			}
		}

		/**
		 * Like {@code /flood}, on a socket that is closed for being idle while its write is stuck.
		 */
		@SocketRoute(path = "/idle-flood", idleTimeout = "300ms", pingInterval = "0")
		void idleFlood(Socket ws) {
			flood(ws);
		}

		/**
		 * Waits for a message; tells whether its thread is still interrupted when the wait ends without one.
		 */
		@SocketRoute("/interruptible")
		void interruptible(Socket ws) {
			this.threads.put(ws.queryParam("name"), Thread.currentThread());
			String message = ws.receive();
			this.stillInterrupted.put(ws.queryParam("name"), message == null && Thread.currentThread().isInterrupted());
		}

		@SocketRoute("/open-listener-fails")
		void openListenerFails(Socket ws) {
			ws.send("unreachable");
		}

		@SocketRoute("/fail")
		void fail(Socket ws) {
			throw new IllegalArgumentException("Handler failure on purpose");
		}

		/**
		 * Closes with a reason of 200 characters, three bytes each in UTF-8.
		 */
		@SocketRoute("/long-reason")
		void longReason(Socket ws) {
			ws.close(4000, "€".repeat(200));
		}

		@SocketRoute(path = "/capped", maxConnections = 2)
		void capped(Socket ws) {
			for (String message : ws.messages()) {
				ws.send(message);
			}
		}

	}

}
