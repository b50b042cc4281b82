package io.flasksockets.internal.socket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Joins the parts the container delivers into whole messages, within the size limits. Parts are kept as they come
 * and joined once, when the last arrives, so each byte is copied once on the way in and once into the message; a
 * message that comes in one part is taken as it is.
 * Memory grows with the messages actually received, not with the limits. Parts of one socket arrive one at a time,
 * so it needs no locking.
 */
final class MessageAssembler {

	private final int maxTextMessageSize;

	private final int maxBinaryMessageSize;

	private @Nullable List<String> textParts;

	private @Nullable List<byte[]> binaryParts;

	private int size;

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
		grow(part.length(), this.maxTextMessageSize, "Text message exceeds %d characters");
		if (this.textParts == null && last) {
			this.size = 0;
			return new Message.Text(part);
		}
		this.textParts = (this.textParts != null) ? this.textParts : new ArrayList<>();
		this.textParts.add(part);
		if (!last) {
			return null;
		}
		// One copy: the JDK sizes the joined string from its parts
		String text = String.join("", this.textParts);
		reset();
		return new Message.Text(text);
	}

	private @Nullable Message addBinary(ByteBuffer part, boolean last) throws TooBigException {
		grow(part.remaining(), this.maxBinaryMessageSize, "Binary message exceeds %d bytes");
		if (this.binaryParts == null && last) {
			this.size = 0;
			return new Message.Binary(copy(part));
		}
		// The container may reuse its buffer once this returns
		this.binaryParts = (this.binaryParts != null) ? this.binaryParts : new ArrayList<>();
		this.binaryParts.add(copy(part));
		if (!last) {
			return null;
		}
		ByteBuffer bytes = ByteBuffer.allocate(this.size);
		this.binaryParts.forEach(bytes::put);
		reset();
		return new Message.Binary(bytes.array());
	}

	private void grow(int partSize, int limit, String tooBig) throws TooBigException {
		if (partSize > limit - this.size) {
			reset();
			throw new TooBigException(tooBig.formatted(limit));
		}
		this.size += partSize;
	}

	private void reset() {
		this.textParts = null;
		this.binaryParts = null;
		this.size = 0;
	}

	private static byte[] copy(ByteBuffer part) {
		byte[] bytes = new byte[part.remaining()];
		part.get(bytes);
		return bytes;
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
