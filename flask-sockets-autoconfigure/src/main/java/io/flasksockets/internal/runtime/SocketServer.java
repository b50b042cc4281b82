package io.flasksockets.internal.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import io.flasksockets.Socket;
import io.flasksockets.SocketClosedEvent;
import io.flasksockets.InvalidMessageException;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketGroup;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.Sockets;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.LocalSockets;
import io.flasksockets.broker.SocketBroker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The application's open sockets and their lifecycle: it runs each socket's handler, publishes
 * {@link SocketOpenedEvent}s and {@link SocketClosedEvent}s, keeps the {@link SocketMonitor} sweeping, and on
 * shutdown refuses new handshakes, closes every socket with 1001 (going away) and waits for the handlers to return.
 *
 * <p>A socket counts from its handshake until it is finished: its connection closed and its handler returned.
 * Work of the starter's own (writes that must not happen on a caller's thread, aborts, session checks) runs on
 * virtual threads of its own, never queued behind the application's handlers.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketServer implements LocalSockets, SmartLifecycle {

	/**
	 * The lifecycle phase: sockets close before the web server starts its own graceful shutdown.
	 */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "Try again later");

	private static final Logger logger = LoggerFactory.getLogger(SocketServer.class);

	private final Map<String, ServerSocket> sockets = new ConcurrentHashMap<>();

	private final SessionWatch sessions = new SessionWatch();

	private final Memberships memberships = new Memberships();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition allFinished = this.lock.newCondition();

	private final Executor executor;

	private final Executor internalExecutor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("flask-sockets-", 0).factory());

	private final SocketErrorHandler errorHandler;

	private final ApplicationEventPublisher events;

	private final Duration shutdownTimeout;

	private final SocketMonitor monitor;

	private final SocketBroker broker;

	private final Conversions conversions;

	private final SocketMetrics metrics;

	private final Sockets view = new ServerSockets(this);

	private volatile boolean running;

	/**
	 * Create a server.
	 * @param settings the global settings, which decide how often the monitor sweeps
	 * @param executor the executor that gives each socket's handler a thread of its own
	 * @param errorHandler what decides the close status when a handler throws
	 * @param events where to publish socket events
	 * @param shutdownTimeout how long shutdown waits for handlers to return
	 * @param broker what carries room, user and broadcast messages to every node
	 * @param conversions how path variables, query parameters and JSON messages are converted
	 * @param metrics where to report what happens to sockets
	 */
	public SocketServer(SocketSettings settings, Executor executor, SocketErrorHandler errorHandler,
			ApplicationEventPublisher events, Duration shutdownTimeout, SocketBroker broker, Conversions conversions,
			SocketMetrics metrics) {
		this.executor = executor;
		this.broker = broker;
		this.errorHandler = errorHandler;
		this.conversions = conversions;
		this.metrics = metrics;
		this.events = events;
		this.shutdownTimeout = shutdownTimeout;
		this.monitor = new SocketMonitor(this.sockets::values, settings,
				() -> this.internalExecutor.execute(this.sessions::sweep));
	}

	/**
	 * Return the open sockets as the application sees them.
	 * @return the sockets
	 */
	public Sockets sockets() {
		return this.view;
	}

	/**
	 * Return what each open socket is, for the actuator endpoint.
	 * @return the sockets
	 */
	public List<SocketInfo> describe() {
		return this.sockets.values().stream().map(ServerSocket::describe).toList();
	}

	/**
	 * Return what an open socket is, for the actuator endpoint.
	 * @param id the socket's id
	 * @return the socket, or {@code null} if no open socket has that id
	 */
	public @Nullable SocketInfo describe(String id) {
		ServerSocket socket = this.sockets.get(id);
		return (socket != null) ? socket.describe() : null;
	}

	/**
	 * Return how many sockets of each route are open.
	 * @return the counts by route pattern, without the routes that have none
	 */
	public Map<String, Long> countByRoute() {
		return this.sockets.values()
			.stream()
			.collect(Collectors.groupingBy((socket) -> socket.route().pattern(), Collectors.counting()));
	}

	/**
	 * Close an open socket after what was sent to it, without writing on the caller's thread.
	 * @param id the socket's id
	 * @param code the close code
	 * @param reason the reason
	 * @return whether an open socket had that id
	 * @throws IllegalArgumentException if a close frame cannot carry the code
	 */
	public boolean close(String id, int code, String reason) {
		CloseStatus status = CloseStatuses.of(code, reason);
		ServerSocket socket = this.sockets.get(id);
		if (socket == null) {
			return false;
		}
		socket.closeLater(status);
		return true;
	}

	int count() {
		return this.sockets.size();
	}

	Optional<Socket> find(String id) {
		return Optional.ofNullable(this.sockets.get(id));
	}

	/**
	 * Return how path variables, query parameters and JSON messages are converted.
	 */
	Conversions conversions() {
		return this.conversions;
	}

	/**
	 * Return where to report what happens to sockets and handshakes.
	 */
	SocketMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Carry a message to the sockets of every node, through the broker.
	 */
	void publish(Delivery delivery) {
		this.broker.publish(delivery);
	}

	/**
	 * Queue the message on each local socket of its address; a socket that is closed, or is cut off because its
	 * send buffer is full, is skipped.
	 */
	@Override
	public void deliver(Delivery delivery) {
		WebSocketMessage<?> message = ServerSocket.toWebSocketMessage(delivery.message());
		for (ServerSocket socket : local(delivery.to())) {
			if (!socket.id().equals(delivery.except()) && !socket.isClosed()) {
				try {
					socket.post((message instanceof BinaryMessage binary)
							? new BinaryMessage(binary.getPayload().duplicate()) : message);
				}
				catch (SocketClosedException ex) {
					logger.debug("A message to {} skipped socket {}: {}", delivery.to(), socket.id(),
							ex.getMessage());
				}
			}
		}
	}

	@Override
	public Map<Address, Long> presence() {
		Map<Address, Long> presence = new HashMap<>();
		this.memberships.all().forEach((address, members) -> presence.put(address, (long) members.size()));
		if (!this.sockets.isEmpty()) {
			presence.put(Address.all(), (long) this.sockets.size());
		}
		return presence;
	}

	/**
	 * Return how many sockets an address has on every node.
	 */
	long count(Address address) {
		return local(address).size() + this.broker.remoteCount(address);
	}

	/**
	 * Whether a socket is one of the local sockets of an address.
	 */
	boolean isMember(Socket socket, Address address) {
		return (socket instanceof ServerSocket serverSocket) && local(address).contains(serverSocket);
	}

	private Collection<ServerSocket> local(Address address) {
		return (address.kind() == Address.Kind.ALL) ? this.sockets.values() : this.memberships.of(address);
	}

	/**
	 * Return the rooms and users of the local sockets.
	 */
	Memberships memberships() {
		return this.memberships;
	}

	/**
	 * Close, with 1008, every socket whose handshake carried the given HTTP session, which has just been
	 * invalidated or has expired.
	 * @param sessionId the session's id
	 */
	public void sessionEnded(String sessionId) {
		this.sessions.ended(sessionId);
	}

	/**
	 * Whether new handshakes are accepted: not before start and not once shutdown has begun.
	 */
	boolean acceptsHandshakes() {
		return this.running;
	}

	/**
	 * Return the executor for the starter's own work.
	 */
	Executor internalExecutor() {
		return this.internalExecutor;
	}

	/**
	 * Register a socket that has just opened and run its route's handler on a thread of its own. A socket whose
	 * handler cannot start (a listener of the opened event fails, or the executor refuses) is closed at once and
	 * forgotten once its connection is closed.
	 * @param whenFinished runs once the socket is finished, such as giving back its connection slot
	 */
	void open(ServerSocket socket, Runnable whenFinished) {
		RouteRuntime route = socket.route();
		this.sockets.put(socket.id(), socket);
		route.metrics().opened();
		this.sessions.add(socket);
		socket.principal().ifPresent((user) -> this.memberships.add(Address.user(user.getName()), socket));
		socket.whenFinished(() -> {
			whenFinished.run();
			finished(socket);
		});
		if (!this.running) {
			socket.closeLater(SHUTTING_DOWN);
		}
		try {
			this.events.publishEvent(new SocketOpenedEvent(socket, route.pattern()));
			this.executor.execute(socket.withHandshakeContext(() -> run(socket, route)));
		}
		catch (RuntimeException ex) {
			logger.error("Socket {} on route '{}' could not start its handler", socket.id(), route.pattern(), ex);
			socket.abort((ex instanceof RejectedExecutionException) ? TRY_AGAIN_LATER : CloseStatus.SERVER_ERROR);
			socket.handlerEnded();
		}
	}

	private void run(ServerSocket socket, RouteRuntime route) {
		socket.handlerStarted();
		MDC.put("socket.route", route.pattern());
		MDC.put("socket.id", socket.id());
		// The close goes out from the starter's threads: this one may be interrupted, which would fail the write
		try {
			route.handler().handle(socket);
			socket.closeLater(CloseStatus.NORMAL);
		}
		catch (InvalidMessageException ex) {
			// The peer's mistake, not the handler's
			logger.warn("Socket {} on route '{}' closed: {}", socket.id(), route.pattern(), ex.getMessage());
			socket.closeLater(CloseStatus.BAD_DATA.withReason("Invalid " + ex.getType().getSimpleName()));
		}
		catch (Throwable ex) {
			// Only this very socket's closing ends a handler quietly; any other exception is a failure
			if (!(ex instanceof SocketClosedException closed && closed.getSocketId().equals(socket.id()))) {
				route.metrics().handlerFailed(ex);
				socket.closeLater(errorStatus(socket, route.pattern(), ex));
			}
		}
		finally {
			MDC.remove("socket.route");
			MDC.remove("socket.id");
			socket.handlerEnded();
		}
	}

	/**
	 * Ask the error handler how to close after a handler failure. An error handler that fails, or answers nothing
	 * or a code that cannot be sent, gets 1011 instead, and its failure is logged.
	 */
	private CloseStatus errorStatus(ServerSocket socket, String route, Throwable error) {
		try {
			CloseStatus status = this.errorHandler.handleError(socket, route, error);
			if (status != null) {
				return CloseStatuses.forWire(status);
			}
			logger.error("The SocketErrorHandler returned no close status for socket {} on route '{}'", socket.id(),
					route, error);
		}
		catch (Throwable handlerFailure) {
			handlerFailure.addSuppressed(error);
			logger.error("The SocketErrorHandler failed for socket {} on route '{}'", socket.id(), route,
					handlerFailure);
		}
		return CloseStatus.SERVER_ERROR;
	}

	private void finished(ServerSocket socket) {
		RouteRuntime route = socket.route();
		CloseStatus status = Objects.requireNonNullElse(socket.closeStatus(), CloseStatus.NO_CLOSE_FRAME);
		route.metrics().closed(status.getCode());
		this.sockets.remove(socket.id());
		this.sessions.remove(socket);
		socket.rooms().forEach((room) -> this.memberships.remove(Address.room(room), socket));
		socket.principal().ifPresent((user) -> this.memberships.remove(Address.user(user.getName()), socket));
		try {
			this.events.publishEvent(new SocketClosedEvent(socket, route.pattern(), status));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of the closed event of socket {} on route '{}' failed", socket.id(),
					route.pattern(), ex);
		}
		this.lock.lock();
		try {
			if (this.sockets.isEmpty()) {
				this.allFinished.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void start() {
		this.broker.start(this);
		this.running = true;
		this.monitor.start();
	}

	/**
	 * Refuse new handshakes, close every open socket with 1001 after what it has sent, and wait up to the shutdown
	 * timeout for the sockets to finish. Then the handlers still running are interrupted and the connections still
	 * open are cut, so that shutdown takes no longer than the timeout.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.sockets.values().forEach((socket) -> socket.closeLater(SHUTTING_DOWN));
		awaitAllFinished(this.shutdownTimeout);
		this.monitor.stop();
		if (!this.sockets.isEmpty()) {
			logger.warn("{} sockets did not finish within {} of shutdown: interrupting their handlers and closing "
					+ "their connections", this.sockets.size(), this.shutdownTimeout);
			for (ServerSocket socket : this.sockets.values()) {
				socket.interruptHandler();
				socket.abort(SHUTTING_DOWN);
			}
		}
		this.broker.stop();
	}

	private void awaitAllFinished(Duration timeout) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.sockets.isEmpty() && remaining > 0) {
				remaining = this.allFinished.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
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
