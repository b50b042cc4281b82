package io.flasksockets.internal.telemetry;

import java.util.Map;

import io.flasksockets.Message;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime observes through Micrometer's Observation API, so that Spring Boot's tracing (Brave or
 * OpenTelemetry) and metrics pick it up: each handshake, each socket's life, each message its handler works on, and
 * each message sent to a room, user or everyone and its delivery on every node, linked through the broker by the
 * trace context it carries. Work per message is done only where it is kept: the messages of a socket whose trace is
 * sampled, and messages sent to rooms while such a trace is in scope. Without an {@link ObservationRegistry},
 * {@link #NONE} does no work at all.
 *
 * <p>Names: {@code flask.sockets.handshake}, {@code flask.sockets.socket}, {@code flask.sockets.message},
 * {@code flask.sockets.publish}, {@code flask.sockets.delivery}. Low-cardinality key values: the route's pattern
 * ({@code flask.sockets.route}), {@code messaging.system} ({@code websocket}), {@code messaging.operation.type},
 * the close code ({@code websocket.close.code}), the address kind ({@code flask.sockets.address.kind}), the message
 * type ({@code flask.sockets.message.type}); the socket's id and the address's name are high-cardinality.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketObservations {

	/**
	 * Observations that do nothing, at no cost.
	 */
	public static final SocketObservations NONE = new SocketObservations(ObservationRegistry.NOOP);

	/**
	 * The socket attribute that holds the observation of the socket's handshake.
	 */
	public static final String HANDSHAKE_ATTRIBUTE = SocketObservations.class.getName() + ".handshake";

	static final String ROUTE = "flask.sockets.route";

	private static final String SOCKET_ID = "flask.sockets.socket.id";

	private static final KeyValue SYSTEM = KeyValue.of("messaging.system", "websocket");

	private final ObservationRegistry registry;

	private SocketObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the observations of a registry, or {@link #NONE} for a registry that does nothing.
	 * @param registry the registry
	 * @return the observations
	 */
	public static SocketObservations of(ObservationRegistry registry) {
		return registry.isNoop() ? NONE : new SocketObservations(registry);
	}

	/**
	 * Whether nothing is observed.
	 * @return whether these are {@link #NONE}
	 */
	public boolean isOff() {
		return this == NONE;
	}

	/**
	 * Start observing a handshake, on the thread of its upgrade request: a child of the request's own observation
	 * when the application observes requests, else of the trace its headers carry ({@code traceparent}).
	 * @param route the route's pattern
	 * @param request the upgrade request
	 * @return the started observation
	 */
	public Observation handshake(String route, HttpServletRequest request) {
		Observation current = this.registry.getCurrentObservation();
		Observation observation;
		if (current != null) {
			observation = Observation.createNotStarted("flask.sockets.handshake", this.registry)
				.parentObservation(current);
		}
		else {
			ReceiverContext<HttpServletRequest> context = new ReceiverContext<>(
					(carrier, key) -> carrier.getHeader(key), Kind.SERVER);
			context.setCarrier(request);
			observation = Observation.createNotStarted("flask.sockets.handshake", () -> context, this.registry);
		}
		return observation.contextualName("websocket handshake " + route)
			.lowCardinalityKeyValue(ROUTE, route)
			.start();
	}

	/**
	 * Return one socket's observations, its life observed from now on.
	 * @param route the route's pattern
	 * @param socketId the socket's id
	 * @param handshake the observation of its handshake, or {@code null}
	 * @return the socket's observations
	 */
	public SocketTrace socket(String route, String socketId, @Nullable Observation handshake) {
		if (isOff()) {
			return SocketTrace.NONE;
		}
		Observation socket = Observation.createNotStarted("flask.sockets.socket", this.registry)
			.parentObservation(handshake)
			.contextualName("websocket " + route)
			.lowCardinalityKeyValue(ROUTE, route)
			.lowCardinalityKeyValue(SYSTEM)
			.highCardinalityKeyValue(SOCKET_ID, socketId)
			.start();
		return new SocketTrace(Sampling.isRecorded(socket) ? new Messages(route) : null, socket);
	}

	/**
	 * Whether what is in scope on this thread is recorded in a sampled trace, so that a message sent now is worth
	 * carrying it to every node.
	 * @return whether the current observation is recorded
	 */
	public boolean isTracing() {
		Observation current = this.registry.getCurrentObservation();
		return current != null && Sampling.isRecorded(current);
	}

	/**
	 * How the messages of one socket are observed: what they share is made once per socket. Each key value is
	 * copied when the span ends and again when it is exported, so a message carries few: the socket's id is on the
	 * socket's observation, its parent, and the body's size, opt-in in OpenTelemetry's messaging conventions, is
	 * left out.
	 */
	final class Messages {

		private final String contextualName;

		private final KeyValues text;

		private final KeyValues binary;

		Messages(String route) {
			this.contextualName = "process " + route;
			KeyValues common = KeyValues.of(KeyValue.of(ROUTE, route), SYSTEM,
					KeyValue.of("messaging.operation.type", "process"));
			this.text = common.and("flask.sockets.message.type", "text");
			this.binary = common.and("flask.sockets.message.type", "binary");
		}

		/**
		 * Whether a scope is the one in force on this thread.
		 */
		boolean isInScope(Observation.Scope scope) {
			return SocketObservations.this.registry.getCurrentObservationScope() == scope;
		}

		/**
		 * Start observing the work of a handler on a message it received.
		 */
		Observation start(Message message, Observation socket) {
			return Observation.createNotStarted("flask.sockets.message", SocketObservations.this.registry)
				.parentObservation(socket)
				.contextualName(this.contextualName)
				.lowCardinalityKeyValues((message instanceof Message.Text) ? this.text : this.binary)
				.start();
		}

	}

	/**
	 * Start observing a message sent to a room, user or everyone, on the sender's thread: the trace context to
	 * carry to every node is written into the carrier.
	 * @param kind the kind of address ({@code room}, {@code user} or {@code all})
	 * @param name the address's name, empty for everyone
	 * @param carrier where the trace context goes
	 * @return the started observation
	 */
	public Observation publish(String kind, String name, Map<String, String> carrier) {
		SenderContext<Map<String, String>> context = new SenderContext<>(
				(headers, key, value) -> headers.put(key, value), Kind.PRODUCER);
		context.setCarrier(carrier);
		return Observation.createNotStarted("flask.sockets.publish", () -> context, this.registry)
			.contextualName("send " + kind)
			.lowCardinalityKeyValue(SYSTEM)
			.lowCardinalityKeyValue("messaging.operation.type", "send")
			.lowCardinalityKeyValue("flask.sockets.address.kind", kind)
			.highCardinalityKeyValue("messaging.destination.name", name)
			.start();
	}

	/**
	 * Start observing the delivery to this node's sockets of a message that carries a trace context.
	 * @param kind the kind of address
	 * @param name the address's name
	 * @param carrier the trace context the message carries
	 * @return the started observation
	 */
	public Observation delivery(String kind, String name, Map<String, String> carrier) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((headers, key) -> headers.get(key),
				Kind.CONSUMER);
		context.setCarrier(carrier);
		return Observation.createNotStarted("flask.sockets.delivery", () -> context, this.registry)
			.contextualName("deliver " + kind)
			.lowCardinalityKeyValue(SYSTEM)
			.lowCardinalityKeyValue("messaging.operation.type", "receive")
			.lowCardinalityKeyValue("flask.sockets.address.kind", kind)
			.highCardinalityKeyValue("messaging.destination.name", name)
			.start();
	}

}
