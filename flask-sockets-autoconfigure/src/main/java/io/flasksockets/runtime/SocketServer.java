package io.flasksockets.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedEvent;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.Sockets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * The application's open sockets and their lifecycle: it runs each socket's handler, publishes
 * {@link SocketOpenedEvent}s and {@link SocketClosedEvent}s, keeps the {@link SocketMonitor} sweeping, and on
 * shutdown refuses new handshakes, closes every socket with 1001 (going away) and waits for the handlers to return.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketServer implements Sockets, SmartLifecycle {

	/**
	 * The lifecycle phase: sockets close before the web server starts its own graceful shutdown.
	 */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Logger logger = LoggerFactory.getLogger(SocketServer.class);

	private final Map<String, ServerSocket> sockets = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition allEnded = this.lock.newCondition();

	private final Executor executor;

	private final SocketErrorHandler errorHandler;

	private final ApplicationEventPublisher events;

	private final Duration shutdownTimeout;

	private final SocketMonitor monitor;

	private volatile boolean running;

	/**
	 * Create a server.
	 * @param settings the global settings, which decide how often the monitor sweeps
	 * @param executor the executor that gives each socket's handler a thread of its own
	 * @param errorHandler what decides the close status when a handler throws, or {@code null} to log and close
	 * with 1011
	 * @param events where to publish socket events
	 * @param shutdownTimeout how long shutdown waits for handlers to return
	 */
	public SocketServer(SocketSettings settings, Executor executor, @Nullable SocketErrorHandler errorHandler,
			ApplicationEventPublisher events, Duration shutdownTimeout) {
		this.executor = executor;
		this.errorHandler = (errorHandler != null) ? errorHandler : SocketServer::logAndCloseWithServerError;
		this.events = events;
		this.shutdownTimeout = shutdownTimeout;
		this.monitor = new SocketMonitor(this.sockets::values, settings);
	}

	@Override
	public int count() {
		return this.sockets.size();
	}

	@Override
	public Optional<Socket> find(String id) {
		return Optional.ofNullable(this.sockets.get(id));
	}

	@Override
	public void broadcast(String text) {
		TextMessage message = new TextMessage(text);
		for (ServerSocket socket : this.sockets.values()) {
			if (!socket.isClosed()) {
				try {
					socket.post(message);
				}
				catch (SocketClosedException ex) {
					logger.debug("Broadcast skipped socket {}: {}", socket.id(), ex.getMessage());
				}
			}
		}
	}

	/**
	 * Close, with 1008, every socket whose handshake carried the given HTTP session, which has just been
	 * invalidated or has expired.
	 * @param sessionId the session's id
	 */
	public void sessionEnded(String sessionId) {
		for (ServerSocket socket : this.sockets.values()) {
			if (sessionId.equals(socket.sessionId())) {
				socket.closeLater(ServerSocket.SESSION_ENDED);
			}
		}
	}

	/**
	 * Whether new handshakes are accepted: not before start and not once shutdown has begun.
	 */
	boolean acceptsHandshakes() {
		return this.running;
	}

	/**
	 * Register a socket that has just opened and run its route's handler on a thread of its own.
	 */
	void open(ServerSocket socket, String route, SocketHandler handler) {
		this.sockets.put(socket.id(), socket);
		if (!this.running) {
			socket.closeLater(CloseStatus.GOING_AWAY.withReason("Server shutting down"));
		}
		this.events.publishEvent(new SocketOpenedEvent(socket, route));
		this.executor.execute(socket.withHandshakeContext(() -> run(socket, route, handler)));
	}

	private void run(ServerSocket socket, String route, SocketHandler handler) {
		MDC.put("socket.route", route);
		MDC.put("socket.id", socket.id());
		try {
			handler.handle(socket);
			socket.close();
		}
		catch (SocketClosedException ex) {
			logger.debug("Socket {} on route '{}' ended: {}", socket.id(), route, ex.getMessage());
		}
		catch (Throwable ex) {
			CloseStatus status = this.errorHandler.handleError(socket, route, ex);
			socket.close(status.getCode(), (status.getReason() != null) ? status.getReason() : "");
		}
		finally {
			ended(socket, route);
			MDC.remove("socket.route");
			MDC.remove("socket.id");
		}
	}

	private void ended(ServerSocket socket, String route) {
		this.sockets.remove(socket.id());
		CloseStatus status = socket.closeStatus();
		this.events.publishEvent(new SocketClosedEvent(socket, route, (status != null) ? status : CloseStatus.NORMAL));
		this.lock.lock();
		try {
			if (this.sockets.isEmpty()) {
				this.allEnded.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static CloseStatus logAndCloseWithServerError(Socket socket, String route, Throwable error) {
		logger.error("Socket handler for route '{}' failed (socket {})", route, socket.id(), error);
		return CloseStatus.SERVER_ERROR.withReason("Server error");
	}

	@Override
	public void start() {
		this.running = true;
		this.monitor.start();
	}

	/**
	 * Refuse new handshakes, close every open socket with 1001 after what it has sent, and wait up to the shutdown
	 * timeout for the handlers to return.
	 */
	@Override
	public void stop() {
		this.running = false;
		Collection<ServerSocket> open = this.sockets.values();
		open.forEach((socket) -> socket.closeLater(CloseStatus.GOING_AWAY.withReason("Server shutting down")));
		long remaining = this.shutdownTimeout.toNanos();
		this.lock.lock();
		try {
			while (!this.sockets.isEmpty() && remaining > 0) {
				remaining = this.allEnded.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
			this.monitor.stop();
		}
		if (!this.sockets.isEmpty()) {
			logger.warn("{} socket handlers did not return within {} of shutdown", this.sockets.size(),
					this.shutdownTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
