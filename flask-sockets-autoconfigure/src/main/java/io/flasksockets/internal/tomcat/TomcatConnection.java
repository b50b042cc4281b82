package io.flasksockets.internal.tomcat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.routing.SocketSettings;
import jakarta.websocket.CloseReason;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A socket's connection on Tomcat. Reading pauses with {@link WsSession#suspend()}, which lets Tomcat finish the
 * frame at hand and then leaves the rest in its buffer and the socket, and resumes with {@link WsSession#resume()}.
 * Writes block the writing thread inside Tomcat. Closing Tomcat's connection does not wake such a writer, so an
 * abort interrupts it: only while it is inside the write, and the interrupt is cleared before the write returns,
 * so that it never reaches what the thread does next.
 *
 * <p>A resume must not land while the container's thread that suspended is still on its way out of processing:
 * Tomcat then goes on reading the socket, finds nothing new, and leaves the frames it had already read in its
 * buffer until the peer sends more, which a peer waiting for answers never does. So a resume first waits for
 * Tomcat's read state to settle, read through a private lookup since Tomcat offers no public one. The same lookup
 * tells whether Tomcat still holds frames to deliver, which decides whether its thread lets a handler run first.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class TomcatConnection implements Connection {

	private static final Logger logger = LoggerFactory.getLogger(TomcatConnection.class);

	/**
	 * How long a resume waits for Tomcat's processing thread to finish suspending, at most.
	 */
	private static final long SETTLE_LIMIT_NANOS = Duration.ofMillis(100).toNanos();

	private static final @Nullable Frames frames = Frames.find();

	/**
	 * How far beyond the send time limit Tomcat's own limit on blocking writes lies: beyond the monitor's longest
	 * tick, so that the monitor cuts the starter's writes first, with 4500.
	 */
	private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(2);

	private final WebSocketSession session;

	private final WsSession wsSession;

	private final int maxMessageBufferSize;

	private boolean textBufferGrown;

	private boolean binaryBufferGrown;

	private final ReentrantLock writerLock = new ReentrantLock();

	private @Nullable Thread writer;

	private boolean writerInterrupted;

	private TomcatConnection(WebSocketSession session, WsSession wsSession, SocketSettings settings) {
		Duration sendTimeLimit = settings.sendTimeLimit();
		this.session = session;
		this.wsSession = wsSession;
		this.maxMessageBufferSize = settings.maxMessageBufferSize();
		// The starter joins parts, so Tomcat's message buffers need only hold one: small until a message comes in
		// parts. Tomcat makes them this size at the next message of each kind; the container's default may be larger
		wsSession.setMaxTextMessageBufferSize(settings.initialMessageBufferSize());
		wsSession.setMaxBinaryMessageBufferSize(settings.initialMessageBufferSize());
		// Idle time is the monitor's to enforce, the same way on every container
		wsSession.setMaxIdleTimeout(0);
		// The monitor enforces the send time limit on the starter's writes; Tomcat's own limit, a little beyond it,
		// is a backstop, and the limit of the writes Tomcat makes itself: a peer that never reads the pongs of its
		// pings is cut then
		wsSession.getUserProperties()
			.put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, sendTimeLimit.plus(BACKSTOP_MARGIN).toMillis());
		// Tomcat reports a socket closed once its close frame is sent; a peer that never answers it is cut off after
		// the close timeout instead of Tomcat's 30 seconds
		wsSession.getUserProperties()
			.put(Constants.SESSION_CLOSE_TIMEOUT_PROPERTY, settings.closeTimeout().toMillis());
		ContinuationCheck.install(wsSession);
	}

	/**
	 * Return the connection of a session Tomcat opened.
	 * @param session the session
	 * @param settings the settings of the socket's route
	 * @return the connection, or {@code null} if the session is not Tomcat's
	 */
	public static @Nullable Connection of(WebSocketSession session, SocketSettings settings) {
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof WsSession wsSession) {
			return new TomcatConnection(session, wsSession, settings);
		}
		return null;
	}

	/**
	 * A message that comes in parts (larger than the buffer, or sent in several frames) makes that kind's buffer
	 * grow to the maximum, from the next message of that kind on, so that a peer that sends large messages pays for
	 * few parts. Runs on the container's thread, which is the only one to read or change these sizes.
	 */
	@Override
	public void partReceived(WebSocketMessage<?> part) {
		if (part.isLast()) {
			return;
		}
		try {
			if (part instanceof TextMessage && !this.textBufferGrown) {
				this.wsSession.setMaxTextMessageBufferSize(this.maxMessageBufferSize);
				this.textBufferGrown = true;
			}
			if (part instanceof BinaryMessage && !this.binaryBufferGrown) {
				this.wsSession.setMaxBinaryMessageBufferSize(this.maxMessageBufferSize);
				this.binaryBufferGrown = true;
			}
		}
		catch (IllegalStateException ex) {
			// Closed meanwhile (Tomcat refuses to change a closed session): no message follows to use the buffer
		}
	}

	@Override
	public void pauseReading() {
		this.wsSession.suspend();
	}

	@Override
	public void resumeReading() {
		if (frames != null) {
			frames.awaitSettled(this.wsSession);
		}
		this.wsSession.resume();
	}

	/**
	 * Let the handler that was just handed a message run first, when Tomcat's frame buffer holds no more bytes:
	 * this thread would otherwise only look for more input and give the socket back to the poller while the
	 * handler waits for a core, and the answer with it. While more frames are buffered the thread delivers them
	 * first, so that a busy peer's messages reach the handler together. Only a virtual thread gives way, to the virtual
	 * threads waiting for a carrier; a platform thread's yield would be the operating system's to honour.
	 */
	@Override
	public void handedOff() {
		if (frames != null && Thread.currentThread().isVirtual() && !frames.hasBuffered(this.wsSession)) {
			Thread.yield();
		}
	}

	@Override
	public void write(WebSocketMessage<?> message) throws IOException {
		blocking(() -> this.session.sendMessage(message));
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		blocking(() -> this.session.close(status));
	}

	/**
	 * Send the close frame, waiting at most Tomcat's short abnormal-close timeout for a write in progress, and
	 * close the connection. If this side is already closing, the connection is closed without waiting for the
	 * peer's answer. A writer still blocked on the peer is interrupted.
	 */
	@Override
	public void abort(CloseStatus status) {
		CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
				status.getReason());
		this.wsSession.doClose(reason, reason, true);
		this.wsSession.onClose(reason);
		interruptWriter();
	}

	/**
	 * Whether the private lookups found Tomcat's read state, its suspending state and its input buffer. Without
	 * them the starter warns, and then a socket whose reading resumes just as it was paused may wait for its peer's
	 * next frame, and a handler handed a message runs only once Tomcat's thread has looked for more input.
	 * @return whether all were found
	 */
	static boolean readsFrames() {
		return frames != null && frames.input() != null;
	}

	private void blocking(IoAction action) throws IOException {
		boolean interruptedBefore = Thread.currentThread().isInterrupted();
		this.writerLock.lock();
		try {
			this.writer = Thread.currentThread();
			this.writerInterrupted = false;
		}
		finally {
			this.writerLock.unlock();
		}
		boolean aborted;
		try {
			action.run();
		}
		finally {
			this.writerLock.lock();
			try {
				this.writer = null;
				aborted = this.writerInterrupted;
			}
			finally {
				this.writerLock.unlock();
			}
			// An interrupt from the abort is not the caller's concern; one from anywhere else is kept
			boolean interruptedNow = Thread.interrupted();
			if (interruptedBefore || (interruptedNow && !aborted)) {
				Thread.currentThread().interrupt();
			}
		}
		if (aborted) {
			throw new InterruptedIOException("Connection aborted during the write");
		}
	}

	private void interruptWriter() {
		this.writerLock.lock();
		try {
			if (this.writer != null) {
				this.writerInterrupted = true;
				this.writer.interrupt();
			}
		}
		finally {
			this.writerLock.unlock();
		}
	}

	/**
	 * A write or close through Spring's session.
	 */
	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

	/**
	 * Reads Tomcat's private state of a session's incoming frames: its read state, compared with the state of a
	 * thread on its way out of processing, and, where it can be found, its input buffer.
	 */
	private record Frames(VarHandle frame, VarHandle state, Object suspending, @Nullable VarHandle input) {

		static @Nullable Frames find() {
			try {
				Class<?> frameType = Class.forName("org.apache.tomcat.websocket.WsFrameBase");
				Class<?> stateType = Class.forName("org.apache.tomcat.websocket.WsFrameBase$ReadState");
				VarHandle frame = MethodHandles.privateLookupIn(WsSession.class, MethodHandles.lookup())
					.findVarHandle(WsSession.class, "wsFrame", frameType);
				MethodHandles.Lookup frameLookup = MethodHandles.privateLookupIn(frameType, MethodHandles.lookup());
				VarHandle state = frameLookup.findVarHandle(frameType, "readState", stateType);
				Object suspending = Arrays.stream(stateType.getEnumConstants())
					.filter((constant) -> ((Enum<?>) constant).name().equals("SUSPENDING_PROCESS"))
					.findFirst()
					.orElseThrow();
				return new Frames(frame, state, suspending, findInput(frameLookup, frameType));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot read Tomcat's WebSocket read state: a socket whose reading resumes just as it "
						+ "was paused may wait for its peer's next frame", ex);
				return null;
			}
		}

		private static @Nullable VarHandle findInput(MethodHandles.Lookup frameLookup, Class<?> frameType) {
			try {
				return frameLookup.findVarHandle(frameType, "inputBuffer", ByteBuffer.class);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot read Tomcat's WebSocket input buffer: a handler handed a message runs only once "
						+ "Tomcat's thread has looked for more input", ex);
				return null;
			}
		}

		/**
		 * Whether Tomcat's frame buffer holds bytes of the peer's next frames that it has yet to deliver, or this
		 * cannot be told. Invoked on the container's thread that delivers, the only one to touch the buffer.
		 */
		boolean hasBuffered(WsSession session) {
			return this.input == null || ((ByteBuffer) this.input.get(this.frame.get(session))).hasRemaining();
		}

		/**
		 * Wait, briefly, until no container thread is on its way out of processing the session.
		 */
		void awaitSettled(WsSession session) {
			Object wsFrame = this.frame.get(session);
			long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
			while (this.state.getVolatile(wsFrame) == this.suspending && System.nanoTime() < deadline) {
				Thread.yield();
			}
		}

	}

}
