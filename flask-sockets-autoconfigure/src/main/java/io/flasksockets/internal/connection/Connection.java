package io.flasksockets.internal.connection;

import java.io.IOException;

import io.flasksockets.internal.routing.SocketSettings;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The container's side of one socket: writes, the close handshake, and flow control of reading. Tomcat and Jetty
 * offer different means for each, so each has an implementation of its own.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface Connection {

	/**
	 * The attribute under which a container's glue leaves the connection it made, for its
	 * {@linkplain Factory factory} to find.
	 */
	String ATTRIBUTE = Connection.class.getName();

	/**
	 * Stop reading from the peer: no part is delivered after the current one until {@link #resumeReading()}.
	 * Invoked on the container's thread while it delivers a part; never blocks, so TCP pushes back on the peer
	 * instead of a thread waiting.
	 */
	void pauseReading();

	/**
	 * Read from the peer again. Never blocks; safe from any thread.
	 */
	void resumeReading();

	/**
	 * Learn of a part the container delivered, before it joins a message: a container whose buffers are sized
	 * small until used grows them for a peer whose messages do not fit. Invoked on the container's thread.
	 */
	default void partReceived(WebSocketMessage<?> part) {
	}

	/**
	 * Learn that a whole message has just been handed to a handler that was waiting for it, on the container's
	 * thread. A container that can tell it has nothing more to deliver at once may let the handler run first.
	 */
	default void handedOff() {
	}

	/**
	 * Write a message, returning once it is written.
	 * @throws IOException if the connection is lost or aborted before the message is written
	 */
	void write(WebSocketMessage<?> message) throws IOException;

	/**
	 * Send a close frame, after what was written, and close once the peer answers.
	 * @throws IOException if the connection is lost or aborted first
	 */
	void close(CloseStatus status) throws IOException;

	/**
	 * End the connection now: the close frame if it can go out within moments, then the network connection is
	 * closed, whatever the state of the close handshake, and a write blocked on the peer fails. May block for those
	 * moments, so it runs on the starter's own threads.
	 */
	void abort(CloseStatus status);

	/**
	 * Gives a socket that has just opened the container's side of its connection.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Return the connection of a session that has just opened.
		 * @param session the session
		 * @param settings the settings of the socket's route
		 * @return the connection
		 */
		Connection connect(WebSocketSession session, SocketSettings settings);

	}

}
