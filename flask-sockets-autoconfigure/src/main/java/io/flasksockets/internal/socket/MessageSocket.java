package io.flasksockets.internal.socket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The part of a {@link Socket} that gives messages their forms: text, bytes and JSON values received, with or
 * without a timeout and in a for-each loop, and sent or posted; all over three primitives of the subclass, which
 * take a message, send one, and post one.
 */
abstract class MessageSocket extends HandshakeSocket {

	private static final long FOREVER = -1;

	MessageSocket(WebSocketSession session, Conversions conversions) {
		super(session, conversions);
	}

	/**
	 * Wait for the next message.
	 * @param timeoutNanos how long to wait, or a negative number to wait until one comes or the socket closes
	 * @return the message, or {@code null} once the socket is closed or the time is up
	 */
	abstract @Nullable Message take(long timeoutNanos);

	/**
	 * Write a message on the caller's thread, after what is queued.
	 * @param message the message
	 */
	abstract void send(WebSocketMessage<?> message);

	/**
	 * Queue a message without waiting for any write.
	 * @param message the message
	 */
	public abstract void post(WebSocketMessage<?> message);

	@Override
	public @Nullable String receive() {
		return text(take(FOREVER));
	}

	@Override
	public @Nullable String receive(Duration timeout) {
		return text(take(timeout.toNanos()));
	}

	@Override
	public @Nullable Message receiveMessage() {
		return take(FOREVER);
	}

	@Override
	public @Nullable Message receiveMessage(Duration timeout) {
		return take(timeout.toNanos());
	}

	@Override
	public <T> @Nullable T receive(Class<T> type) {
		return json(take(FOREVER), type);
	}

	@Override
	public <T> @Nullable T receive(Class<T> type, Duration timeout) {
		return json(take(timeout.toNanos()), type);
	}

	private <T> @Nullable T json(@Nullable Message message, Class<T> type) {
		return (message != null) ? this.conversions.fromJson(message, type) : null;
	}

	private @Nullable String text(@Nullable Message message) {
		return switch (message) {
			case Message.Text text -> text.text();
			case Message.Binary binary -> {
				close(CloseStatus.NOT_ACCEPTABLE.getCode(), "This route accepts text messages only");
				yield null;
			}
			case null -> null;
		};
	}

	@Override
	public Iterable<String> messages() {
		return () -> new TextMessages(this);
	}

	@Override
	public void send(String text) {
		send(new TextMessage(text));
	}

	@Override
	public void send(byte[] data) {
		send(new BinaryMessage(data));
	}

	@Override
	public void send(ByteBuffer data) {
		send(new BinaryMessage(data.duplicate()));
	}

	@Override
	public void send(Object value) {
		send(json(value));
	}

	@Override
	public void post(String text) {
		post(new TextMessage(text));
	}

	@Override
	public void post(byte[] data) {
		post(new BinaryMessage(data));
	}

	@Override
	public void post(Object value) {
		post(json(value));
	}

	private WebSocketMessage<?> json(Object value) {
		return Conversions.toWebSocketMessage(this.conversions.toMessage(value));
	}

	/**
	 * The text messages still to come on a socket, for a for-each loop that ends when the socket closes.
	 */
	private static final class TextMessages implements Iterator<String> {

		private final Socket socket;

		private @Nullable String next;

		TextMessages(Socket socket) {
			this.socket = socket;
		}

		@Override
		public boolean hasNext() {
			if (this.next == null) {
				this.next = this.socket.receive();
			}
			return this.next != null;
		}

		@Override
		public String next() {
			String current = hasNext() ? this.next : null;
			if (current == null) {
				throw new NoSuchElementException("The socket is closed");
			}
			this.next = null;
			return current;
		}

	}

}
