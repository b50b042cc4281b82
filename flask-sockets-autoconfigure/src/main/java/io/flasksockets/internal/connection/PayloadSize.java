package io.flasksockets.internal.connection;

import io.flasksockets.Message;

import org.springframework.web.socket.TextMessage;

/**
 * The size of a message's payload: in bytes, as it goes over the wire, counted without encoding the text; or as
 * the starter's limits count it, text in characters.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class PayloadSize {

	private PayloadSize() {
	}

	/**
	 * Return a message's size as the inbound buffers and the rate limits count it: bytes of binary, characters of
	 * text (counted without encoding it).
	 * @param message the message
	 * @return the size
	 */
	public static int counted(Message message) {
		return switch (message) {
			case Message.Text(String text) -> text.length();
			case Message.Binary binary -> binary.data().remaining();
		};
	}

	static int of(Message message) {
		return switch (message) {
			case Message.Text(String text) -> utf8Length(text);
			case Message.Binary binary -> binary.data().remaining();
		};
	}

	static int of(TextMessage message) {
		return utf8Length(message.getPayload());
	}

	private static int utf8Length(String text) {
		int bytes = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				// Two bytes below U+0800, three above; a surrogate is half of a four-byte character
				bytes += (c < 0x800 || Character.isSurrogate(c)) ? 1 : 2;
			}
		}
		return bytes;
	}

}
