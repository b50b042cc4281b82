package io.flasksockets.internal.jetty;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.flasksockets.internal.connection.Connection;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A socket's connection on Jetty. Jetty reads a frame only when asked to ({@link Session#demand()}): the
 * {@link JettySocketListener} asks again after each part it delivers unless reading is paused, and a resume asks
 * for the part that was not asked for. Writes wait for Jetty's callback; closing the connection fails a write that
 * waits on the peer, so an abort needs no interrupt. Whether Jetty still holds bytes to parse, which decides whether
 * its thread lets a handler run first, is read from its private state, since it offers no public view.
 */
final class JettyConnection implements Connection {

	/**
	 * How long an abort waits for the close frame to go out before it closes the connection regardless.
	 */
	private static final Duration ABORT_CLOSE_FRAME_WAIT = Duration.ofMillis(50);

	private static final Logger logger = LoggerFactory.getLogger(JettyConnection.class);

	private static final @Nullable NetworkBuffer networkBuffer = NetworkBuffer.find();

	private static final AtomicBoolean warnedOfSession = new AtomicBoolean();

	private final WebSocketSession session;

	private final Session jettySession;

	private final @Nullable WebSocketConnection webSocketConnection;

	private final AtomicReference<Reading> reading = new AtomicReference<>(Reading.ON);

	JettyConnection(WebSocketSession session, Session jettySession) {
		this.session = session;
		this.jettySession = jettySession;
		this.webSocketConnection = webSocketConnectionOf(jettySession);
		if (networkBuffer != null && this.webSocketConnection == null && !warnedOfSession.getAndSet(true)) {
			logger.warn("Cannot find the connection of Jetty's WebSocket session ({}) whose network buffer tells "
					+ "whether more frames wait: handlers answer a little later", jettySession.getClass().getName());
		}
	}

	private static @Nullable WebSocketConnection webSocketConnectionOf(Session jettySession) {
		return (jettySession instanceof org.eclipse.jetty.websocket.common.WebSocketSession common
				&& common.getCoreSession() instanceof WebSocketCoreSession core) ? core.getConnection() : null;
	}

	/**
	 * Ask for the next frame, unless reading is paused, in which case {@link #resumeReading()} asks for it.
	 * Invoked once after each part, pong or opening the listener delivers.
	 */
	void delivered() {
		if (!this.reading.compareAndSet(Reading.PAUSED, Reading.PAUSED_OWING_DEMAND)) {
			this.jettySession.demand();
		}
	}

	/**
	 * Let the handler that was just handed a message run first, when Jetty's network buffer holds no more bytes:
	 * this thread would otherwise only look for more input while the handler waits for a core, and the answer with
	 * it. While more frames are buffered the thread delivers them first, so that a busy peer's messages reach the
	 * handler together. Only a virtual thread gives way, to the virtual threads waiting for a carrier; a platform
	 * thread's yield would be the operating system's to honour.
	 */
	@Override
	public void handedOff() {
		if (networkBuffer != null && this.webSocketConnection != null && Thread.currentThread().isVirtual()
				&& !networkBuffer.hasBuffered(this.webSocketConnection)) {
			Thread.yield();
		}
	}

	@Override
	public void pauseReading() {
		this.reading.compareAndSet(Reading.ON, Reading.PAUSED);
	}

	@Override
	public void resumeReading() {
		if (this.reading.getAndSet(Reading.ON) == Reading.PAUSED_OWING_DEMAND && this.jettySession.isOpen()) {
			this.jettySession.demand();
		}
	}

	/**
	 * Write through Spring's session, which waits for Jetty's callback. An interrupt there ends the wait without
	 * telling whether the message went out, so it counts as a failed write.
	 */
	@Override
	public void write(WebSocketMessage<?> message) throws IOException {
		this.session.sendMessage(message);
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("Interrupted while writing");
		}
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		this.session.close(status);
	}

	@Override
	public void abort(CloseStatus status) {
		Callback.Completable closing = new Callback.Completable();
		try {
			this.jettySession.close(status.getCode(), status.getReason(), closing);
			closing.get(ABORT_CLOSE_FRAME_WAIT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Closed regardless below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.jettySession.disconnect();
		}
	}

	/**
	 * Whether the private lookup found Jetty's network buffer. Without it the starter warns, and then a handler
	 * handed a message runs only once Jetty's thread has looked for more input.
	 * @return whether it was found
	 */
	static boolean readsNetworkBuffer() {
		return networkBuffer != null;
	}

	/**
	 * Whether this connection reads Jetty's network buffer: the private lookup found it, and the session leads to
	 * the connection that holds it. Without it the starter warns once, and handlers answer a little later.
	 * @return whether it reads it
	 */
	boolean readsItsNetworkBuffer() {
		return networkBuffer != null && this.webSocketConnection != null;
	}

	/**
	 * Reads Jetty's private buffer of bytes read from the peer and not yet parsed, since Jetty offers no public view.
	 */
	private record NetworkBuffer(VarHandle handle) {

		static @Nullable NetworkBuffer find() {
			try {
				return new NetworkBuffer(MethodHandles.privateLookupIn(WebSocketConnection.class, MethodHandles.lookup())
					.findVarHandle(WebSocketConnection.class, "networkBuffer", RetainableByteBuffer.class));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("Cannot read Jetty's WebSocket network buffer: handlers answer a little later", ex);
				return null;
			}
		}

		/**
		 * Whether Jetty has read bytes of the peer's next frames that it has yet to deliver. Invoked on the
		 * container's thread that delivers, the only one to touch the buffer.
		 */
		boolean hasBuffered(WebSocketConnection connection) {
			RetainableByteBuffer buffer = (RetainableByteBuffer) this.handle.get(connection);
			return buffer != null && buffer.hasRemaining();
		}

	}

	private enum Reading {

		ON, PAUSED, PAUSED_OWING_DEMAND

	}

}
