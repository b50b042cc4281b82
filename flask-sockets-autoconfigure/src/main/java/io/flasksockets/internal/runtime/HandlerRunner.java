package io.flasksockets.internal.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.flasksockets.InvalidMessageException;
import io.flasksockets.SocketClosedEvent;
import io.flasksockets.SocketClosedException;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketOpenedEvent;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.CloseStatuses;
import io.flasksockets.internal.routing.RouteRuntime;
import io.flasksockets.internal.telemetry.SocketTrace;
import io.micrometer.observation.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.socket.CloseStatus;

/**
 * Runs each socket's handler on a thread of its own, with what the handshake's thread carried over and an MDC
 * with the route and socket id, and publishes the socket's opened and closed events. A handler that returns closes its socket with 1000; one that throws gets the
 * close status the {@link SocketErrorHandler} decides, and an invalid message closes with 1007. A socket whose
 * handler cannot start (a listener of the opened event fails, or the executor refuses) is closed at once.
 */
final class HandlerRunner {

	private static final Logger logger = LoggerFactory.getLogger(HandlerRunner.class);

	private static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "Try again later");

	private final Executor executor;

	private final SocketErrorHandler errorHandler;

	private final ApplicationEventPublisher events;

	private final Map<BlockingSocket, Thread> running = new ConcurrentHashMap<>();

	HandlerRunner(Executor executor, SocketErrorHandler errorHandler, ApplicationEventPublisher events) {
		this.executor = executor;
		this.errorHandler = errorHandler;
		this.events = events;
	}

	/**
	 * Publish that the socket opened and start its handler.
	 */
	void start(BlockingSocket socket) {
		RouteRuntime route = socket.route();
		try {
			this.events.publishEvent(new SocketOpenedEvent(socket, route.pattern()));
			this.executor.execute(socket.handshake().threadContext().apply(() -> run(socket, route)));
		}
		catch (RuntimeException ex) {
			logger.error("Socket {} on route '{}' could not start its handler", socket.id(), route.pattern(), ex);
			socket.abort((ex instanceof RejectedExecutionException) ? TRY_AGAIN_LATER : CloseStatus.SERVER_ERROR);
			socket.handlerEnded();
		}
	}

	/**
	 * Publish that the socket has finished; a listener that fails is logged.
	 */
	void closed(BlockingSocket socket, CloseStatus status) {
		try {
			this.events.publishEvent(new SocketClosedEvent(socket, socket.route().pattern(), status));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of the closed event of socket {} on route '{}' failed", socket.id(),
					socket.route().pattern(), ex);
		}
	}

	/**
	 * Interrupt the socket's handler, if it is still running.
	 */
	void interrupt(BlockingSocket socket) {
		this.running.computeIfPresent(socket, (key, thread) -> {
			thread.interrupt();
			return thread;
		});
	}

	private void run(BlockingSocket socket, RouteRuntime route) {
		this.running.put(socket, Thread.currentThread());
		MDC.put("socket.route", route.pattern());
		MDC.put("socket.id", socket.id());
		// The close goes out from the starter's threads: this one may be interrupted, which would fail the write;
		// the socket's observation is in scope throughout, so that the failure's log line carries its trace
		try (Observation.Scope scope = socket.trace().handlerScope()) {
			try {
				handle(socket, route);
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
		}
		finally {
			MDC.remove("socket.route");
			MDC.remove("socket.id");
			this.running.remove(socket);
			// An interrupt meant for the handler must not fail what its socket's end runs on this thread: leaving
			// its rooms (commands to Redis) and the closed event's listeners
			Thread.interrupted();
			socket.handlerEnded();
		}
	}

	/**
	 * Run the handler, ending the observation of the message it worked on last as it returns; a failure is recorded
	 * on that observation and on the socket's.
	 */
	private static void handle(BlockingSocket socket, RouteRuntime route) throws Exception {
		SocketTrace trace = socket.trace();
		try {
			route.handler().handle(socket);
		}
		catch (Exception | Error ex) {
			if (!(ex instanceof SocketClosedException closed && closed.getSocketId().equals(socket.id()))) {
				trace.failed(ex);
			}
			throw ex;
		}
		finally {
			trace.messageDone();
		}
	}

	/**
	 * Ask the error handler how to close after a handler failure. An error handler that fails, or answers nothing
	 * or a code that cannot be sent, gets 1011 instead, and its failure is logged.
	 */
	private CloseStatus errorStatus(BlockingSocket socket, String route, Throwable error) {
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

}
