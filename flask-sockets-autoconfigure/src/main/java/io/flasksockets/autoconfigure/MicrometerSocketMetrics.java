package io.flasksockets.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import io.flasksockets.internal.runtime.SocketMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Reports sockets to Micrometer, each meter tagged with the route's pattern as declared (never the concrete path,
 * which would make a meter per user or room). Meters a message updates are registered once per route.
 */
final class MicrometerSocketMetrics implements SocketMetrics {

	static final String PREFIX = "flask.sockets";

	private final MeterRegistry registry;

	MicrometerSocketMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public RouteMetrics route(String pattern) {
		return new MicrometerRouteMetrics(this.registry, Tags.of("route", pattern));
	}

	@Override
	public void handshakeRefused(String pattern, int status) {
		Counter.builder(PREFIX + ".handshakes.refused")
			.description("Handshakes refused before they became sockets")
			.tags("route", pattern, "status", Integer.toString(status))
			.register(this.registry)
			.increment();
	}

	/**
	 * The meters of one route.
	 */
	private static final class MicrometerRouteMetrics implements RouteMetrics {

		private final MeterRegistry registry;

		private final Tags tags;

		private final AtomicInteger open = new AtomicInteger();

		private final Counter opened;

		private final Counter messagesIn;

		private final Counter messagesOut;

		private final Counter bytesIn;

		private final Counter bytesOut;

		private final Counter errors;

		private final Counter sendLimitExceeded;

		MicrometerRouteMetrics(MeterRegistry registry, Tags tags) {
			this.registry = registry;
			this.tags = tags;
			Gauge.builder(PREFIX + ".open", this.open, AtomicInteger::get)
				.description("Sockets open")
				.tags(tags)
				.register(registry);
			this.opened = counter("opened", "Sockets opened", Tags.empty(), null);
			this.messagesIn = counter("messages", "Messages received and sent", Tags.of("direction", "in"), null);
			this.messagesOut = counter("messages", "Messages received and sent", Tags.of("direction", "out"), null);
			this.bytesIn = counter("bytes", "Message payload received and sent", Tags.of("direction", "in"), "bytes");
			this.bytesOut = counter("bytes", "Message payload received and sent", Tags.of("direction", "out"),
					"bytes");
			this.errors = counter("errors", "Handler failures", Tags.empty(), null);
			this.sendLimitExceeded = counter("send.limit.exceeded",
					"Peers cut off at the send time or send buffer limit", Tags.empty(), null);
		}

		private Counter counter(String name, String description, Tags extraTags, String baseUnit) {
			return Counter.builder(PREFIX + "." + name)
				.description(description)
				.baseUnit(baseUnit)
				.tags(this.tags.and(extraTags))
				.register(this.registry);
		}

		@Override
		public void opened() {
			this.open.incrementAndGet();
			this.opened.increment();
		}

		@Override
		public void closed(int code) {
			this.open.decrementAndGet();
			counter("closed", "Sockets finished, by close code", Tags.of("code", Integer.toString(code)), null)
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
		public void handlerFailed() {
			this.errors.increment();
		}

		@Override
		public void sendLimitExceeded() {
			this.sendLimitExceeded.increment();
		}

	}

}
