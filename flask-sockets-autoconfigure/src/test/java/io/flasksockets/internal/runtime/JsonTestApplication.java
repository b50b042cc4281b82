package io.flasksockets.internal.runtime;

import io.flasksockets.InvalidMessageException;
import io.flasksockets.Socket;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;

/**
 * Routes that read and write JSON messages.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class JsonTestApplication {

	@Bean
	Routes routes(Sockets sockets) {
		return new Routes(sockets);
	}

	/**
	 * The application's own error handler, which an invalid message does not reach.
	 */
	@Bean
	SocketErrorHandler errors() {
		return (socket, route, error) -> new CloseStatus(4000, "Handled " + error.getClass().getSimpleName());
	}

	/**
	 * A chat message as peers send it.
	 */
	record ChatMessage(String userName, String text) {
	}

	/**
	 * The answer to a message that is not a chat message.
	 */
	record Problem(String problem) {
	}

	static class Routes {

		private final Sockets sockets;

		Routes(Sockets sockets) {
			this.sockets = sockets;
		}

		/**
		 * Answers each chat message in capitals, and a message that is not one with the problem, and goes on.
		 */
		@SocketRoute("/shout")
		void shout(Socket ws) {
			while (true) {
				ChatMessage message;
				try {
					message = ws.receive(ChatMessage.class);
				}
				catch (InvalidMessageException ex) {
					ws.send(new Problem(ex.getMessage()));
					continue;
				}
				if (message == null) {
					return;
				}
				ws.send(new ChatMessage(message.userName(), message.text().toUpperCase()));
			}
		}

		/**
		 * Reads chat messages without catching anything.
		 */
		@SocketRoute("/strict")
		void strict(Socket ws) {
			while (ws.receive(ChatMessage.class) != null) {
				ws.send("ok");
			}
		}

		@SocketRoute("/boom")
		void boom(Socket ws) {
			throw new IllegalStateException("Failing on purpose");
		}

		/**
		 * Joins the room and sends each chat message to every member.
		 */
		@SocketRoute("/rooms/<room>")
		void room(Socket ws, String room) {
			ws.join(room);
			ws.send("joined");
			ChatMessage message;
			while ((message = ws.receive(ChatMessage.class)) != null) {
				this.sockets.room(room).send(message);
			}
		}

	}

}
