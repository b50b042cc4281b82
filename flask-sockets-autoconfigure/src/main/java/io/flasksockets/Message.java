package io.flasksockets;

import java.nio.ByteBuffer;

/**
 * A whole WebSocket data message, text or binary, as returned by {@link Socket#receiveMessage()}.
 *
 * <pre class="code">
 * switch (ws.receiveMessage()) {
 *     case Message.Text(String text) -&gt; ws.send(text);
 *     case Message.Binary binary -&gt; ws.send(binary.data());
 *     case null -&gt; { }  // closed
 * }
 * </pre>
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public sealed interface Message {

	/**
	 * A text message.
	 * @param text the message's text
	 */
	record Text(String text) implements Message {
	}

	/**
	 * A binary message.
	 * @param data the message's bytes
	 */
	record Binary(ByteBuffer data) implements Message {

		/**
		 * Create a binary message that owns the given bytes.
		 * @param data the bytes, not copied
		 */
		public Binary(byte[] data) {
			this(ByteBuffer.wrap(data));
		}

		/**
		 * Return a read-only view of the message's bytes, positioned at the start; every call gives a new view.
		 * @return the bytes
		 */
		@Override
		public ByteBuffer data() {
			return this.data.asReadOnlyBuffer();
		}

		/**
		 * Return a copy of the message's bytes.
		 * @return the bytes
		 */
		public byte[] bytes() {
			byte[] bytes = new byte[this.data.remaining()];
			this.data.duplicate().get(bytes);
			return bytes;
		}

		@Override
		public String toString() {
			return "Binary[" + this.data.remaining() + " bytes]";
		}

	}

}
