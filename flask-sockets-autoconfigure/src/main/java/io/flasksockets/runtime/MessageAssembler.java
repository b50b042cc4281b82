package io.flasksockets.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Joins the parts the container delivers into whole messages, within the size limits. Memory grows with the
 * messages actually received, not with the limits. Parts of one socket arrive one at a time, so it needs no
 * locking.
 */
final class MessageAssembler {

	private final int maxTextMessageSize;

	private final int maxBinaryMessageSize;

	private @Nullable StringBuilder text;

	private @Nullable ByteArrayOutputStream binary;

	MessageAssembler(int maxTextMessageSize, int maxBinaryMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
		this.maxBinaryMessageSize = maxBinaryMessageSize;
	}

	/**
	 * Add a part of a message.
	 * @return the message once it is whole, or {@code null} while parts are still to come (and for control
	 * messages)
	 * @throws TooBigException if the message exceeds its limit
	 */
	@Nullable Message add(WebSocketMessage<?> part) throws TooBigException {
		return switch (part) {
			case TextMessage textPart -> addText(textPart.getPayload(), textPart.isLast());
			case BinaryMessage binaryPart -> addBinary(binaryPart.getPayload(), binaryPart.isLast());
			default -> null;
		};
	}

	private @Nullable Message addText(String part, boolean last) throws TooBigException {
		int size = part.length() + ((this.text != null) ? this.text.length() : 0);
		if (size > this.maxTextMessageSize) {
			this.text = null;
			throw new TooBigException("Text message exceeds " + this.maxTextMessageSize + " characters");
		}
		if (this.text == null && last) {
			return new Message.Text(part);
		}
		this.text = (this.text != null) ? this.text.append(part) : new StringBuilder(part);
		if (!last) {
			return null;
		}
		Message message = new Message.Text(this.text.toString());
		this.text = null;
		return message;
	}

	private @Nullable Message addBinary(ByteBuffer part, boolean last) throws TooBigException {
		int size = part.remaining() + ((this.binary != null) ? this.binary.size() : 0);
		if (size > this.maxBinaryMessageSize) {
			this.binary = null;
			throw new TooBigException("Binary message exceeds " + this.maxBinaryMessageSize + " bytes");
		}
		byte[] bytes = new byte[part.remaining()];
		part.get(bytes);
		if (this.binary == null && last) {
			return new Message.Binary(bytes);
		}
		if (this.binary == null) {
			this.binary = new ByteArrayOutputStream(Math.max(bytes.length * 2, 256));
		}
		this.binary.writeBytes(bytes);
		if (!last) {
			return null;
		}
		Message message = new Message.Binary(this.binary.toByteArray());
		this.binary = null;
		return message;
	}

	/**
	 * Thrown when a message exceeds its size limit.
	 */
	static final class TooBigException extends Exception {

		TooBigException(String message) {
			super(message, null, false, false);
		}

	}

}
