package io.flasksockets.internal.tomcat;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import org.apache.tomcat.websocket.MessagePart;
import org.apache.tomcat.websocket.PerMessageDeflate;
import org.apache.tomcat.websocket.Transformation;
import org.apache.tomcat.websocket.TransformationResult;
import org.apache.tomcat.websocket.WsIOException;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a compressed socket with 1002 when a continuation frame has RSV1 set, as RFC 7692 asks: Tomcat's
 * permessage-deflate accepts such a frame. It sits behind Tomcat's {@link PerMessageDeflate} in the frame's chain
 * of transformations and sees each frame's opcode with its RSV bits as Tomcat passes them on: flipped for a
 * message Tomcat inflates, as they came for one it does not. Whether Tomcat inflates the message is read from its
 * private state, since it offers no public view.
 */
final class ContinuationCheck implements Transformation {

	private static final Logger logger = LoggerFactory.getLogger(ContinuationCheck.class);

	private static final byte CONTINUATION = 0;

	private static final int RSV1 = 0b100;

	private static final @Nullable Handles handles = Handles.find();

	private final PerMessageDeflate deflate;

	private final Transformation next;

	private final VarHandle skipDecompression;

	private ContinuationCheck(PerMessageDeflate deflate, Transformation next, VarHandle skipDecompression) {
		this.deflate = deflate;
		this.next = next;
		this.skipDecompression = skipDecompression;
	}

	/**
	 * Check the continuation frames of a session whose messages may be compressed; does nothing for others.
	 */
	static void install(WsSession session) {
		if (handles == null) {
			return;
		}
		Object frame = handles.frame().get(session);
		if (frame != null && handles.transformation().get(frame) instanceof PerMessageDeflate deflate) {
			// Set in place: Tomcat's setNext would append it behind the last transformation, which takes no next
			Transformation next = (Transformation) handles.next().getVolatile(deflate);
			handles.next().setVolatile(deflate, new ContinuationCheck(deflate, next, handles.skipDecompression()));
		}
	}

	@Override
	public TransformationResult getMoreData(byte opCode, boolean fin, int rsv, ByteBuffer dest) throws IOException {
		if (opCode == CONTINUATION) {
			boolean inflated = !(boolean) this.skipDecompression.getVolatile(this.deflate);
			boolean rsv1 = (rsv & RSV1) != 0;
			if (inflated != rsv1) {
				throw new WsIOException(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR,
						"RSV1 set on a continuation frame"));
			}
		}
		return this.next.getMoreData(opCode, fin, rsv, dest);
	}

	@Override
	public void setNext(Transformation t) {
		this.next.setNext(t);
	}

	@Override
	public boolean validateRsvBits(int i) {
		return this.next.validateRsvBits(i);
	}

	@Override
	public Extension getExtensionResponse() {
		return this.next.getExtensionResponse();
	}

	@Override
	public boolean validateRsv(int rsv, byte opCode) {
		return this.next.validateRsv(rsv, opCode);
	}

	@Override
	public List<MessagePart> sendMessagePart(List<MessagePart> messageParts) throws IOException {
		return this.next.sendMessagePart(messageParts);
	}

	@Override
	public void close() {
		this.next.close();
	}

	/**
	 * Tomcat's private fields this check reads.
	 */
	private record Handles(VarHandle frame, VarHandle transformation, VarHandle next, VarHandle skipDecompression) {

		static @Nullable Handles find() {
			try {
				Class<?> frameType = Class.forName("org.apache.tomcat.websocket.WsFrameBase");
				MethodHandles.Lookup session = MethodHandles.privateLookupIn(WsSession.class, MethodHandles.lookup());
				MethodHandles.Lookup frame = MethodHandles.privateLookupIn(frameType, MethodHandles.lookup());
				MethodHandles.Lookup deflate = MethodHandles.privateLookupIn(PerMessageDeflate.class,
						MethodHandles.lookup());
				return new Handles(session.findVarHandle(WsSession.class, "wsFrame", frameType),
						frame.findVarHandle(frameType, "transformation", Transformation.class),
						deflate.findVarHandle(PerMessageDeflate.class, "next", Transformation.class),
						deflate.findVarHandle(PerMessageDeflate.class, "skipDecompression", boolean.class));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot check Tomcat's continuation frames: a compressed message whose continuation "
						+ "frames have RSV1 set is accepted instead of failing with 1002", ex);
				return null;
			}
		}

	}

}
