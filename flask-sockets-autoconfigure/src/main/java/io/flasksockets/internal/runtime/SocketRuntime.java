package io.flasksockets.internal.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.flasksockets.SocketClosedEvent;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.Sockets;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.limits.UserBuckets;
import io.flasksockets.internal.rooms.ReplayWindow;
import io.flasksockets.internal.rooms.Rooms;
import io.flasksockets.internal.routing.Route;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.BlockingSocketAdapter;
import io.flasksockets.internal.socket.Conversions;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.socket.SocketServices;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.telemetry.CapacityUse;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.flasksockets.internal.telemetry.SocketObservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;

/**
 * The node's socket runtime and its lifecycle: it runs each socket that opens (its handler on a thread of its own,
 * {@link SocketOpenedEvent}s and {@link SocketClosedEvent}s, its rooms and its HTTP session watched), keeps the
 * {@link SocketMonitor} sweeping, and on shutdown refuses new handshakes, closes every socket with 1001 (going away)
 * and waits for the handlers to return.
 *
 * <p>A socket counts from its handshake until it is finished: its connection closed and its handler returned.
 * Work of the starter's own (writes that must not happen on a caller's thread, aborts, session checks) runs on
 * threads of its own, never queued behind the application's handlers.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketRuntime implements SmartLifecycle {

	/**
	 * The phase the runtime starts in: before the web server (which starts at {@code DEFAULT_PHASE - 2048}), so
	 * that handshakes are accepted as soon as it answers requests. It stops in the same phase, once the web server
	 * has stopped; the sockets close earlier, in the phase of {@link #shutdown()}.
	 */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * The phase in which the sockets close on shutdown: before the web server starts its own graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}).
	 */
	private static final int SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/**
	 * How long shutdown waits, after the shutdown timeout, for the sockets it cut to leave their rooms.
	 */
	private static final Duration CUT_SOCKETS_WAIT = Duration.ofSeconds(5);

	private static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private static final Logger logger = LoggerFactory.getLogger(SocketRuntime.class);

	private static final int REAPERS = 4;

	private final SocketRegistry registry = new SocketRegistry();

	private final SessionWatch sessions = new SessionWatch();

	private final Executor internalExecutor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("flask-sockets-", 0).factory());

	/**
	 * Platform threads that cut connections: an abort must not wait for a carrier thread, which busy peers can keep
	 * occupied (inflating what they send, on a container that reads on virtual threads).
	 */
	private final ExecutorService reaper = new ThreadPoolExecutor(0, REAPERS, 30, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), Thread.ofPlatform().name("flask-sockets-reaper-", 0).daemon().factory());

	private final Capacity capacity;

	private final Supplier<List<RouteRuntime>> routes;

	private final HandlerRunner runner;

	private final Rooms rooms;

	private final SocketServices services;

	private final SocketBroker broker;

	private final SocketMetrics metrics;

	private final SocketObservations observations;

	private final Duration shutdownTimeout;

	private final SocketMonitor monitor;

	private final Sockets view;

	private volatile boolean running;

	private volatile boolean started;

	/**
	 * Create a runtime.
	 * @param routes the routes, asked for when the handshake's mappings are created: a route's bean may depend on
	 * the runtime's {@link Sockets}
	 * @param settings the global settings, to which each route applies its own options
	 * @param handlers the executor that gives each socket's handler a thread of its own
	 * @param errorHandler what decides the close status when a handler throws
	 * @param events where to publish socket events
	 * @param shutdownTimeout how long shutdown waits for handlers to return
	 * @param broker what carries room, user and broadcast messages to every node
	 * @param conversions how path variables, query parameters and JSON messages are converted
	 * @param metrics where to report what happens to sockets
	 * @param capacity how many sockets the node takes and how much their waiting messages may take
	 * @param replay how many recent messages the node keeps for sockets that join a room again
	 * @param users the buckets of users' rate limits
	 * @param observations what observes handshakes, sockets and messages
	 */
	public SocketRuntime(Supplier<List<Route>> routes, SocketSettings settings, Executor handlers,
			SocketErrorHandler errorHandler, ApplicationEventPublisher events, Duration shutdownTimeout,
			SocketBroker broker, Conversions conversions, SocketMetrics metrics, Capacity capacity,
			ReplayWindow replay, UserBuckets users, SocketObservations observations) {
		this.routes = SingletonSupplier.of(() -> routes.get()
			.stream()
			.map((route) -> RouteRuntime.of(route, settings, metrics.route(route.pattern().path())))
			.toList());
		this.runner = new HandlerRunner(handlers, errorHandler, events);
		this.rooms = new Rooms(broker, conversions, replay, observations);
		this.observations = observations;
		this.services = new SocketServices(conversions, this.rooms, this.internalExecutor, this.reaper,
				Container.current()::connect, capacity.inboxBudget(), capacity.outboxBudget(), users,
				observations);
		this.capacity = capacity;
		this.broker = broker;
		this.metrics = metrics;
		this.shutdownTimeout = shutdownTimeout;
		this.monitor = new SocketMonitor(this.registry::all, settings,
				() -> this.internalExecutor.execute(this.sessions::sweep));
		this.view = new NodeSockets(this.registry, this.rooms);
	}

	/**
	 * Return what observes handshakes, sockets and messages.
	 * @return the observations
	 */
	public SocketObservations observations() {
		return this.observations;
	}

	/**
	 * Return the routes as the runtime runs them.
	 * @return the routes
	 */
	public List<RouteRuntime> routes() {
		return this.routes.get();
	}

	/**
	 * Return the Spring handler that turns a route's connections into sockets this runtime runs.
	 * @param route one of the {@link #routes()}
	 * @return the handler
	 */
	public WebSocketHandler handler(RouteRuntime route) {
		return new BlockingSocketAdapter(route, this.services, this::open);
	}

	/**
	 * Return the open sockets as the application sees them.
	 * @return the sockets
	 */
	public Sockets sockets() {
		return this.view;
	}

	/**
	 * Return the view of the sockets for operators.
	 * @return the admin view
	 */
	public SocketAdmin admin() {
		return new SocketAdmin(routes(), this.registry, this::capacityUse);
	}

	/**
	 * Return how many sockets the node takes and how much their waiting messages may take.
	 * @return the capacity
	 */
	public Capacity capacity() {
		return this.capacity;
	}

	private CapacityUse capacityUse() {
		int compressed = (int) this.registry.all().stream().filter(BlockingSocket::isCompressed).count();
		return new CapacityUse(this.registry.count(), this.capacity.maxConnections(), compressed,
				this.capacity.maxCompressedConnections(), this.capacity.maxConnectionsPerAddress(),
				this.services.inboxBytes(), this.capacity.inboxBudget(), this.services.outboxBytes(),
				this.capacity.outboxBudget());
	}

	/**
	 * Return where to report what happens to sockets and handshakes.
	 * @return the metrics
	 */
	public SocketMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Close, with 1008 and a reason that says how, every socket whose handshake carried the given HTTP session,
	 * which has just ended.
	 * @param sessionId the session's id
	 * @param end how it ended
	 */
	public void sessionEnded(String sessionId, SessionEnd end) {
		this.sessions.ended(sessionId, end);
	}

	/**
	 * Whether new handshakes are accepted: not before start and not once shutdown has begun.
	 * @return whether handshakes are accepted
	 */
	public boolean acceptsHandshakes() {
		return this.running;
	}

	/**
	 * Register a socket that has just opened and run its route's handler on a thread of its own.
	 */
	private void open(BlockingSocket socket) {
		RouteRuntime route = socket.route();
		this.registry.add(socket);
		route.metrics().opened();
		this.sessions.add(socket);
		this.rooms.add(Address.all(), socket);
		socket.principal().ifPresent((user) -> this.rooms.add(Address.user(user.getName()), socket));
		socket.whenFinished(() -> finished(socket));
		if (!this.running) {
			socket.closeLater(SHUTTING_DOWN);
		}
		this.runner.start(socket);
	}

	private void finished(BlockingSocket socket) {
		try {
			this.registry.remove(socket);
			socket.handshake().releaseSlots().run();
			RouteRuntime route = socket.route();
			CloseStatus status = Objects.requireNonNullElse(socket.closeStatus(), CloseStatus.NO_CLOSE_FRAME);
			route.metrics().closed(status.getCode());
			socket.trace().finished(status.getCode());
			this.sessions.remove(socket);
			this.rooms.remove(Address.all(), socket);
			socket.rooms().forEach((room) -> this.rooms.leave(room, socket));
			socket.principal().ifPresent((user) -> this.rooms.remove(Address.user(user.getName()), socket));
			this.runner.closed(socket, status);
		}
		finally {
			// Last, even when a broker or a listener failed: shutdown stops the broker once every socket is finished
			this.registry.finished();
		}
	}

	@Override
	public void start() {
		this.started = true;
		this.metrics.watch(this::capacityUse);
		this.broker.start(this.rooms);
		this.running = true;
		this.monitor.start();
	}

	/**
	 * Return the lifecycle that closes the sockets on shutdown, before the web server stops: a bean of its own,
	 * since it stops in a later phase than the runtime starts in.
	 * @return the lifecycle
	 */
	public SmartLifecycle shutdown() {
		return new SmartLifecycle() {

			private volatile boolean started;

			@Override
			public void start() {
				this.started = true;
			}

			@Override
			public void stop() {
				this.started = false;
				closeSockets();
			}

			@Override
			public boolean isRunning() {
				return this.started;
			}

			@Override
			public int getPhase() {
				return SHUTDOWN_PHASE;
			}

		};
	}

	/**
	 * Refuse new handshakes, close every open socket with 1001 after what it has sent, and wait up to the shutdown
	 * timeout for the sockets to finish. Then the handlers still running are interrupted and the connections still
	 * open are cut, so that a stuck writer cannot hold shutdown; the sockets cut have {@link #CUT_SOCKETS_WAIT} to
	 * leave their rooms before the broker stops.
	 */
	private void closeSockets() {
		this.running = false;
		this.registry.all().forEach((socket) -> socket.closeLater(SHUTTING_DOWN));
		if (this.registry.awaitAllFinished(this.shutdownTimeout)) {
			return;
		}
		logger.warn("{} sockets had not finished {} after shutdown began ({} still open): interrupting their handlers "
				+ "and closing their connections", this.registry.unfinished(), this.shutdownTimeout,
				this.registry.count());
		for (BlockingSocket socket : this.registry.all()) {
			this.runner.interrupt(socket);
			socket.abort(SHUTTING_DOWN);
		}
		if (!this.registry.awaitAllFinished(CUT_SOCKETS_WAIT)) {
			logger.warn("{} sockets had not finished within {} of being cut: the broker stops before they leave their "
					+ "rooms", this.registry.unfinished(), CUT_SOCKETS_WAIT);
		}
	}

	/**
	 * Stop the runtime's own work, once the sockets have closed and the web server has stopped; sockets still open
	 * (a context closed without its shutdown phase) are closed first.
	 */
	@Override
	public void stop() {
		this.started = false;
		if (this.running) {
			closeSockets();
		}
		this.monitor.stop();
		this.broker.stop();
		this.reaper.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
