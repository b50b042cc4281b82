package io.flasksockets.internal.telemetry;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.flasksockets.RateLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Reports sockets to Micrometer, each meter tagged with the route's pattern as declared (never the concrete path,
 * which would make a meter per user or room). Meters are registered once and kept, so that an event costs a map
 * look-up at most.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class MicrometerSocketMetrics implements SocketMetrics {

	static final String PREFIX = "flask.sockets";

	private final MeterRegistry registry;

	private final Map<Tags, Counter> refusals = new ConcurrentHashMap<>();

	/**
	 * Create metrics that report to a registry.
	 * @param registry the registry
	 */
	public MicrometerSocketMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public RouteMetrics route(String pattern) {
		return new MicrometerRouteMetrics(Tags.of("route", pattern));
	}

	@Override
	public void handshakeRefused(String pattern, int status) {
		this.refusals
			.computeIfAbsent(Tags.of("route", pattern, "status", Integer.toString(status)),
					(tags) -> counter("handshakes.refused", "Handshakes refused before they became sockets", tags,
							null))
			.increment();
	}

	/**
	 * Register gauges of the node's limits and how close it is to each: the limits as they stand (-1 for none), and
	 * the compressed sockets and the bytes of waiting messages.
	 */
	@Override
	public void watch(Supplier<CapacityUse> use) {
		gauge("connections.max", "Sockets that may be open at once", use, CapacityUse::maxConnections, null);
		gauge("compressed", "Open sockets that compress", use, CapacityUse::compressed, null);
		gauge("compressed.max", "Sockets that may compress at once", use, CapacityUse::maxCompressedConnections, null);
		gauge("connections.per.address.max", "Sockets one peer address may have open at once", use,
				CapacityUse::maxConnectionsPerAddress, null);
		gauge("inbox", "Received messages waiting for their handlers", use, CapacityUse::inboxBytes, "bytes");
		gauge("inbox.max", "Received messages that may wait before reading pauses", use,
				(capacity) -> limit(capacity.inboxBudget()), "bytes");
		gauge("outbox", "Messages waiting to be written", use, CapacityUse::outboxBytes, "bytes");
		gauge("outbox.max", "Messages that may wait to be written before sockets that do not keep up are cut off", use,
				(capacity) -> limit(capacity.outboxBudget()), "bytes");
	}

	private static long limit(long budget) {
		return (budget != Long.MAX_VALUE) ? budget : -1;
	}

	private void gauge(String name, String description, Supplier<CapacityUse> use,
			ToDoubleFunction<CapacityUse> value, @Nullable String baseUnit) {
		// Held strongly: the supplier is often a lambda that nothing else keeps, which a weak gauge would lose
		Gauge.builder(PREFIX + "." + name, use, (supplier) -> value.applyAsDouble(supplier.get()))
			.strongReference(true)
			.description(description)
			.baseUnit(baseUnit)
			.register(this.registry);
	}

	private Counter counter(String name, String description, Tags tags, @Nullable String baseUnit) {
		return Counter.builder(PREFIX + "." + name)
			.description(description)
			.baseUnit(baseUnit)
			.tags(tags)
			.register(this.registry);
	}

	/**
	 * The meters of one route.
	 */
	private final class MicrometerRouteMetrics implements RouteMetrics {

		private final Tags tags;

		private final AtomicInteger open = new AtomicInteger();

		private final Counter opened;

		private final Counter messagesIn;

		private final Counter messagesOut;

		private final Counter bytesIn;

		private final Counter bytesOut;

		private final Counter sendLimitExceeded;

		private final Map<Integer, Counter> closed = new ConcurrentHashMap<>();

		private final Map<RateLimit.Policy, Counter> rateLimited = new ConcurrentHashMap<>();

		private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

		MicrometerRouteMetrics(Tags tags) {
			this.tags = tags;
			Gauge.builder(PREFIX + ".open", this.open, AtomicInteger::get)
				.description("Sockets open")
				.tags(tags)
				.register(MicrometerSocketMetrics.this.registry);
			this.opened = counter("opened", "Sockets opened", tags, null);
			this.messagesIn = counter("messages", "Messages received and sent", tags.and("direction", "in"), null);
			this.messagesOut = counter("messages", "Messages received and sent", tags.and("direction", "out"), null);
			this.bytesIn = counter("bytes", "Message payload received and sent", tags.and("direction", "in"), "bytes");
			this.bytesOut = counter("bytes", "Message payload received and sent", tags.and("direction", "out"),
					"bytes");
			this.sendLimitExceeded = counter("send.limit.exceeded",
					"Peers cut off at the send time or send buffer limit", tags, null);
		}

		@Override
		public void opened() {
			this.open.incrementAndGet();
			this.opened.increment();
		}

		@Override
		public void closed(int code) {
			this.open.decrementAndGet();
			this.closed
				.computeIfAbsent(code, (key) -> counter("closed", "Sockets finished, by close code",
						this.tags.and("code", Integer.toString(key)), null))
				.increment();
		}

		@Override
		public void received(int bytes) {
			this.messagesIn.increment();
			this.bytesIn.increment(bytes);
		}

		@Override
		public void sent(int bytes) {
			this.messagesOut.increment();
			this.bytesOut.increment(bytes);
		}

		@Override
		public void handlerFailed(Throwable error) {
			this.errors
				.computeIfAbsent(error.getClass(), (type) -> counter("errors", "Handler failures, by exception",
						this.tags.and("exception", type.getSimpleName()), null))
				.increment();
		}

		@Override
		public void sendLimitExceeded() {
			this.sendLimitExceeded.increment();
		}

		@Override
		public void rateLimited(RateLimit.Policy policy) {
			this.rateLimited
				.computeIfAbsent(policy, (key) -> counter("rate.limited",
						"Received messages that met a rate limit, by what the socket got",
						this.tags.and("policy", key.name().toLowerCase(Locale.ROOT)), null))
				.increment();
		}

	}

}
