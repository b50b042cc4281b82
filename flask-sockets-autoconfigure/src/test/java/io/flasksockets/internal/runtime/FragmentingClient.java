package io.flasksockets.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * Whole messages over a {@link RawWebSocket}: each sent as frames of random sizes, compressed with
 * permessage-deflate (RFC 7692, with context takeover) when the handshake negotiated it, and read back whole.
 */
final class FragmentingClient implements AutoCloseable {

	private static final byte[] TAIL = { 0, 0, (byte) 0xFF, (byte) 0xFF };

	private final RawWebSocket socket;

	private final Random random;

	private final boolean fragment;

	private final boolean compressed;

	private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

	private final Inflater inflater = new Inflater(true);

	private FragmentingClient(RawWebSocket socket, long seed, boolean fragment) {
		this.socket = socket;
		this.random = new Random(seed);
		this.fragment = fragment;
		String extensions = socket.header("Sec-WebSocket-Extensions");
		this.compressed = extensions != null && extensions.startsWith("permessage-deflate");
	}

	/**
	 * Open a socket, offering permessage-deflate if asked.
	 * @param seed the seed of the frame sizes
	 * @param fragment whether messages are cut into frames of random sizes
	 */
	static FragmentingClient connect(int port, String path, boolean offerCompression, boolean fragment, long seed)
			throws IOException {
		RawWebSocket socket = offerCompression
				? RawWebSocket.connect(port, path, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
				: RawWebSocket.connect(port, path);
		if (socket.status() != 101) {
			throw new IOException("Handshake answered " + socket.status());
		}
		return new FragmentingClient(socket, seed, fragment);
	}

	/**
	 * Whether the handshake negotiated permessage-deflate.
	 */
	boolean isCompressed() {
		return this.compressed;
	}

	void send(Message message) throws IOException {
		boolean text = message instanceof Message.Text;
		byte[] payload = switch (message) {
			case Message.Text(String value) -> value.getBytes(StandardCharsets.UTF_8);
			case Message.Binary binary -> binary.bytes();
		};
		if (this.compressed) {
			payload = deflate(payload);
		}
		int opcode = text ? RawWebSocket.TEXT : RawWebSocket.BINARY;
		int offset = 0;
		do {
			int length = this.fragment ? Math.min(payload.length - offset, 1 + this.random.nextInt(
					Math.max(1, payload.length / 3))) : payload.length;
			boolean fin = offset + length == payload.length;
			this.socket.sendFrame(fin, offset == 0 && this.compressed, (offset == 0) ? opcode : RawWebSocket.CONTINUATION,
					Arrays.copyOfRange(payload, offset, offset + length), true);
			offset += length;
		}
		while (offset < payload.length);
	}

	/**
	 * Read the next message, answering pings on the way.
	 * @return the message, or {@code null} once the server closed
	 */
	@Nullable Message receive() throws IOException {
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		RawWebSocket.Frame first = null;
		while (true) {
			RawWebSocket.Frame frame = this.socket.readFrame();
			switch (frame.opcode()) {
				case RawWebSocket.PING -> this.socket.sendFrame(true, RawWebSocket.PONG, frame.payload());
				case RawWebSocket.CLOSE -> {
					return null;
				}
				default -> {
					first = (first != null) ? first : frame;
					payload.writeBytes(frame.payload());
					if (frame.fin()) {
						byte[] bytes = first.rsv1() ? inflate(payload.toByteArray()) : payload.toByteArray();
						return (first.opcode() == RawWebSocket.TEXT)
								? new Message.Text(new String(bytes, StandardCharsets.UTF_8)) : new Message.Binary(bytes);
					}
				}
			}
		}
	}

	private byte[] deflate(byte[] payload) {
		this.deflater.setInput(payload);
		ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
		byte[] buffer = new byte[64 * 1024];
		int count;
		while ((count = this.deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
			out.write(buffer, 0, count);
		}
		byte[] deflated = out.toByteArray();
		// The sync flush ends with the empty block RFC 7692 says to leave out
		return Arrays.copyOf(deflated, deflated.length - TAIL.length);
	}

	private byte[] inflate(byte[] payload) throws IOException {
		byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
		System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
		this.inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4 + 64);
		byte[] buffer = new byte[64 * 1024];
		try {
			int count;
			do {
				// Output the inflater holds back must come out too, so read until it gives nothing
				count = this.inflater.inflate(buffer);
				out.write(buffer, 0, count);
			}
			while (count > 0);
		}
		catch (DataFormatException ex) {
			throw new IOException(ex);
		}
		return out.toByteArray();
	}

	@Override
	public void close() throws IOException {
		this.deflater.end();
		this.inflater.end();
		this.socket.close();
	}

}
