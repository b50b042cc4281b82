package io.flasksockets;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One connected WebSocket, as seen by the {@link SocketHandler} that owns it: blocking receives, sends that are
 * safe from any thread, and the context of the HTTP handshake that opened it.
 *
 * <p>Messages are delivered whole and in order; what arrives before the first {@code receive} is queued. The
 * receive methods are meant for the handler's own thread. A {@code send} writes the message before it returns, or,
 * when another thread is writing to the same socket, queues it behind that write; messages are never interleaved,
 * and a peer that stops reading is cut off once the send time or buffer limit is exceeded.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface Socket {

	/**
	 * Return the socket's id, unique within this application.
	 * @return the id
	 */
	String id();

	/**
	 * Wait for the next text message.
	 * <p>A binary message is not text: it closes the socket with 1003 (unsupported data) and this method returns
	 * {@code null}. Routes that accept binary messages use {@link #receiveMessage()}.
	 * @return the text, or {@code null} once the socket is closed
	 */
	@Nullable String receive();

	/**
	 * Wait at most the given time for the next text message, as {@link #receive()} does.
	 * @param timeout how long to wait
	 * @return the text, or {@code null} if the timeout elapsed or the socket is closed ({@link #isClosed()} tells
	 * which)
	 */
	@Nullable String receive(Duration timeout);

	/**
	 * Wait for the next message, text or binary.
	 * @return the message, or {@code null} once the socket is closed
	 */
	@Nullable Message receiveMessage();

	/**
	 * Wait at most the given time for the next message, text or binary.
	 * @param timeout how long to wait
	 * @return the message, or {@code null} if the timeout elapsed or the socket is closed
	 */
	@Nullable Message receiveMessage(Duration timeout);

	/**
	 * Wait for the next message and read it as JSON into the given type, through the application's JSON mapper
	 * (Spring Boot's {@code JsonMapper}, so that its Jackson settings apply). Text and binary messages are both
	 * read.
	 * <p>A message that is not a valid {@code type} (a JSON {@code null} included) throws
	 * {@link InvalidMessageException}: catch it to answer the peer and go on. Uncaught, it closes the socket with
	 * 1007 (invalid data) and a reason naming the type.
	 * @param type the type to read
	 * @param <T> the type
	 * @return the value, or {@code null} once the socket is closed
	 * @throws InvalidMessageException if the message is not a valid {@code type}
	 */
	<T> @Nullable T receive(Class<T> type);

	/**
	 * Wait at most the given time for the next message and read it as JSON into the given type, as
	 * {@link #receive(Class)} does.
	 * @param type the type to read
	 * @param timeout how long to wait
	 * @param <T> the type
	 * @return the value, or {@code null} if the timeout elapsed or the socket is closed
	 * @throws InvalidMessageException if the message is not a valid {@code type}
	 */
	<T> @Nullable T receive(Class<T> type, Duration timeout);

	/**
	 * Return the text messages still to come, for a for-each loop that ends when the socket closes. Each
	 * iteration calls {@link #receive()}.
	 * @return the messages
	 */
	Iterable<String> messages();

	/**
	 * Send a text message.
	 * @param text the text
	 * @throws SocketClosedException if the socket is closed, the connection is lost, or the peer is too slow
	 */
	void send(String text);

	/**
	 * Send a binary message.
	 * @param data the bytes, which must not change until the send returns
	 * @throws SocketClosedException if the socket is closed, the connection is lost, or the peer is too slow
	 */
	void send(byte[] data);

	/**
	 * Send the remaining bytes of the buffer as a binary message. The buffer's position is left unchanged.
	 * @param data the bytes, which must not change until the send returns
	 * @throws SocketClosedException if the socket is closed, the connection is lost, or the peer is too slow
	 */
	void send(ByteBuffer data);

	/**
	 * Send a value: a {@link String} as a text message, a {@code byte[]} or {@link ByteBuffer} as a binary
	 * message, a {@link Message} as it is, and anything else as a JSON text message written by the application's
	 * JSON mapper.
	 * @param value the value
	 * @throws SocketClosedException if the socket is closed, the connection is lost, or the peer is too slow
	 */
	void send(Object value);

	/**
	 * Queue a text message and return at once, without waiting for any write: for fan-out of your own. A peer that
	 * stops reading is cut off once the send buffer limit is exceeded.
	 * @param text the text
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	void post(String text);

	/**
	 * Queue a binary message and return at once, as {@link #post(String)} does.
	 * @param data the bytes, which must not change afterwards
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	void post(byte[] data);

	/**
	 * Queue a value and return at once, as {@link #post(String)} does; values are written as
	 * {@link #send(Object)} writes them.
	 * @param value the value
	 * @throws SocketClosedException if the socket is closed, or is cut off because its send buffer is full
	 */
	void post(Object value);

	/**
	 * Join a room, so that messages sent to the room reach this socket. A socket leaves its rooms when it closes.
	 * @param room the room's name
	 */
	void join(String room);

	/**
	 * Join a room and first send again, in order, every message the room was sent after the given id that is still in
	 * its window, then its messages from now on, with none missing and none twice between the two. For a peer that
	 * reconnects with the id of the last message it saw: the ids are the same on every node, so it may reconnect to
	 * any. Messages go out through the socket's {@link #envelope(Envelope) envelope}, which gives them their ids.
	 * @param room the room's name
	 * @param since the id of the last message the peer saw, or {@code null} to replay nothing
	 * @return how many messages were sent again, and whether they were all the room had been sent since
	 */
	Replay join(String room, @Nullable String since);

	/**
	 * Set how messages that reach this socket through its rooms, its user or a broadcast, and presence changes of
	 * its rooms, appear on its wire.
	 * @param envelope the envelope
	 */
	void envelope(Envelope envelope);

	/**
	 * Leave a room. Does nothing if the socket is not in it.
	 * @param room the room's name
	 */
	void leave(String room);

	/**
	 * Return the rooms this socket is in.
	 * @return the rooms' names, never {@code null}
	 */
	Set<String> rooms();

	/**
	 * Close the socket with 1000 (normal closure), after the messages already sent. Does nothing if it is closed
	 * already.
	 */
	void close();

	/**
	 * Close the socket with the given status, after the messages already sent. Does nothing if it is closed
	 * already.
	 * @param code the close code (1000, or 3000-4999 for the application's own codes)
	 * @param reason the reason, at most 123 bytes of UTF-8
	 */
	void close(int code, String reason);

	/**
	 * Whether the socket is closed, by either side or because the connection was lost.
	 * @return whether it is closed
	 */
	boolean isClosed();

	/**
	 * Return how the socket was closed: the peer's close code and reason when the peer closed it, 1006 when the
	 * connection was lost, or the status this side closed it with.
	 * @return the close status, or {@code null} while the socket is open
	 */
	@Nullable CloseStatus closeStatus();

	/**
	 * Return a path variable of the route as it appeared in the URL (decoded).
	 * @param name the variable's name
	 * @return the value
	 * @throws IllegalArgumentException if the route has no such variable
	 */
	String pathVariable(String name);

	/**
	 * Return a path variable converted to the given type, for example {@code pathVariable("id", int.class)} for
	 * a route {@code /items/<int:id>}.
	 * @param <T> the type
	 * @param name the variable's name
	 * @param type the type to convert to
	 * @return the value
	 * @throws IllegalArgumentException if the route has no such variable
	 */
	<T> T pathVariable(String name, Class<T> type);

	/**
	 * Return the first value of a query parameter of the handshake URL.
	 * @param name the parameter's name
	 * @return the value, or {@code null} if absent
	 */
	@Nullable String queryParam(String name);

	/**
	 * Return the first value of a handshake request header.
	 * @param name the header's name, in any case
	 * @return the value, or {@code null} if absent
	 */
	@Nullable String header(String name);

	/**
	 * Return the value of a cookie the handshake carried, HttpOnly cookies included.
	 * @param name the cookie's name
	 * @return the value, or {@code null} if absent
	 */
	@Nullable String cookie(String name);

	/**
	 * Return the cookies the handshake carried, by name.
	 * @return the cookies, never {@code null}
	 */
	Map<String, String> cookies();

	/**
	 * Return the user authenticated during the handshake.
	 * @return the principal, or empty if the handshake was anonymous
	 */
	Optional<Principal> principal();

	/**
	 * Return a live view of the HTTP session the handshake carried.
	 * @return the session view, never {@code null}; {@link HttpSessionView#exists()} tells whether there is one
	 */
	HttpSessionView session();

	/**
	 * Return the subprotocol negotiated during the handshake, from those the route declares.
	 * @return the subprotocol, or {@code null} if none was negotiated
	 */
	@Nullable String subprotocol();

	/**
	 * Return the URL of the handshake request.
	 * @return the URL
	 */
	URI uri();

	/**
	 * Return the socket's attributes: a mutable, thread-safe map, filled by handshake interceptors.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

}
