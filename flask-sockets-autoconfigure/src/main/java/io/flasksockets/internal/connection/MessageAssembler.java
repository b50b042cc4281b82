package io.flasksockets.internal.connection;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Joins the parts the container delivers into whole messages, within the size limits and a limit on the number of
 * parts. A message that comes in one part is taken as it is; the parts of any other are copied into one buffer
 * that grows with what arrived, so a part costs what it holds and nothing more, however small: memory follows the
 * messages actually received, not the limits, and is at most about twice the largest message. Parts of one socket
 * arrive one at a time, so it needs no locking.
 */
final class MessageAssembler {

	private final int maxTextMessageSize;

	private final int maxBinaryMessageSize;

	private final int maxParts;

	private @Nullable StringBuilder text;

	private byte @Nullable [] binary;

	private int size;

	private int parts;

	MessageAssembler(int maxTextMessageSize, int maxBinaryMessageSize, int maxParts) {
		this.maxTextMessageSize = maxTextMessageSize;
		this.maxBinaryMessageSize = maxBinaryMessageSize;
		this.maxParts = maxParts;
	}

	/**
	 * Add a part of a message.
	 * @return the message once it is whole, or {@code null} while parts are still to come (and for control
	 * messages)
	 * @throws TooBigException if the message exceeds its size limit or comes in too many parts
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
		if (this.text == null && last) {
			reset();
			return new Message.Text(part);
		}
		this.text = (this.text != null) ? this.text.append(part) : new StringBuilder(part);
		if (!last) {
			return null;
		}
		String whole = this.text.toString();
		reset();
		return new Message.Text(whole);
	}

	private @Nullable Message addBinary(ByteBuffer part, boolean last) throws TooBigException {
		int offset = this.size;
		grow(part.remaining(), this.maxBinaryMessageSize, "Binary message exceeds %d bytes");
		if (this.binary == null && last) {
			reset();
			return new Message.Binary(copy(part));
		}
		// The container may reuse its buffer once this returns
		if (this.binary == null || this.binary.length < this.size) {
			int capacity = (int) Math.min(this.maxBinaryMessageSize,
					Math.max(this.size, 2L * ((this.binary != null) ? this.binary.length : 0)));
			this.binary = (this.binary != null) ? Arrays.copyOf(this.binary, capacity) : new byte[capacity];
		}
		part.get(this.binary, offset, part.remaining());
		if (!last) {
			return null;
		}
		byte[] whole = (this.binary.length == this.size) ? this.binary : Arrays.copyOf(this.binary, this.size);
		reset();
		return new Message.Binary(whole);
	}

	private void grow(int partSize, int limit, String tooBig) throws TooBigException {
		if (++this.parts > this.maxParts) {
			reset();
			throw new TooBigException("Message comes in more than " + this.maxParts + " parts");
		}
		if (partSize > limit - this.size) {
			reset();
			throw new TooBigException(tooBig.formatted(limit));
		}
		this.size += partSize;
	}

	private void reset() {
		this.text = null;
		this.binary = null;
		this.size = 0;
		this.parts = 0;
	}

	private static byte[] copy(ByteBuffer part) {
		byte[] bytes = new byte[part.remaining()];
		part.get(bytes);
		return bytes;
	}

	/**
	 * Thrown when a message exceeds its size limit or comes in too many parts.
	 */
	static final class TooBigException extends Exception {

		TooBigException(String message) {
			super(message, null, false, false);
		}

	}

}
