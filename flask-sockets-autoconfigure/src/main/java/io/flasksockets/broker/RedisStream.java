package io.flasksockets.broker;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

/**
 * The Redis stream that carries deliveries between nodes, and its format. Each entry has the fields {@code to}
 * ({@code room:<name>}, {@code user:<name>} or {@code all}), {@code text} or {@code binary} (Base64), optionally
 * {@code except} (a socket id), and, from the starter's own publishers, {@code src} (the publisher, a random id of
 * each node or {@link RedisSocketPublisher}) and {@code n} (a number that grows by one per entry of that publisher),
 * so that a node can drop an entry it has already delivered and count the ones it never saw, and one field
 * {@code h.<name>} per header of the delivery (its sender's trace context, such as {@code h.traceparent}). The
 * stream is capped at
 * about its maximum length. Its epoch, a random value under its own key, changes when Redis loses the stream, as
 * in a restart without persistence.
 */
final class RedisStream {

	/**
	 * About how many entries the stream keeps unless the application says otherwise.
	 */
	static final long DEFAULT_MAX_LENGTH = 10_000;

	/**
	 * What the field of each of a delivery's headers starts with.
	 */
	private static final String HEADER = "h.";

	private RedisStream() {
	}

	/**
	 * Return the key of an application's stream.
	 */
	static String key(String keyPrefix) {
		return keyPrefix + ":messages";
	}

	/**
	 * Return the key of the epoch of an application's stream.
	 */
	static String epochKey(String keyPrefix) {
		return keyPrefix + ":epoch";
	}

	/**
	 * Return the stream's epoch, starting one if Redis has none: a new stream, after a first start or a loss.
	 */
	static String epoch(RedisCommands<String, String> redis, String keyPrefix) {
		redis.set(epochKey(keyPrefix), UUID.randomUUID().toString(), SetArgs.Builder.nx());
		return Objects.requireNonNull(redis.get(epochKey(keyPrefix)), "The stream's epoch vanished");
	}

	/**
	 * Open a connection of the broker's own, named so that {@code CLIENT LIST} tells which node it is, whose
	 * commands time out after the given time. Set through the connection rather than with {@code CLIENT SETNAME},
	 * the name survives reconnects.
	 */
	static StatefulRedisConnection<String, String> connect(RedisClient client, String name, Duration timeout) {
		StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
		connection.setTimeout(timeout);
		if (connection instanceof StatefulRedisConnectionImpl<?, ?> named) {
			named.setClientName(name);
		}
		return connection;
	}

	/**
	 * Return the fields of an entry that carries a presence change.
	 * @param source the publisher
	 * @param number the entry's number for its publisher
	 */
	static Map<String, String> fields(PresenceChange change, String source, long number) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("to", Address.room(change.room()).toString());
		fields.put("presence", change.kind().name());
		if (change.member() != null) {
			fields.put("member", change.member());
		}
		fields.put("count", Long.toString(change.count()));
		fields.put("src", source);
		fields.put("n", Long.toString(number));
		return fields;
	}

	/**
	 * Return the fields of an entry that carries a delivery: with its id, if it has one (one written again keeps
	 * the id it had).
	 * @param source the publisher, or {@code null} for none
	 * @param number the entry's number for its publisher
	 */
	static Map<String, String> fields(Delivery delivery, @Nullable String source, long number) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("to", delivery.to().toString());
		if (delivery.id() != null) {
			fields.put("id", delivery.id());
		}
		if (delivery.except() != null) {
			fields.put("except", delivery.except());
		}
		switch (delivery.message()) {
			case Message.Text(String text) -> fields.put("text", text);
			case Message.Binary binary -> fields.put("binary", Base64.getEncoder().encodeToString(binary.bytes()));
		}
		delivery.headers().forEach((name, value) -> fields.put(HEADER + name, value));
		if (source != null) {
			fields.put("src", source);
			fields.put("n", Long.toString(number));
		}
		return fields;
	}

	/**
	 * Read an entry.
	 * @param id the entry's id in the stream, the id of its delivery unless it carries one of its own
	 * @throws IllegalArgumentException if the entry is neither a delivery nor a presence change
	 */
	static Entry read(String id, Map<String, String> fields) {
		String to = fields.get("to");
		String text = fields.get("text");
		String binary = fields.get("binary");
		String presence = fields.get("presence");
		String number = fields.get("n");
		String source = fields.get("src");
		long n = (number != null) ? Long.parseLong(number) : 0;
		if (to != null && presence != null) {
			Address room = address(to);
			return new Entry(null, new PresenceChange(room.name(), PresenceChange.Kind.valueOf(presence),
					fields.get("member"), Long.parseLong(fields.getOrDefault("count", "0"))), source, n);
		}
		if (to == null || (text == null && binary == null)) {
			throw new IllegalArgumentException("An entry needs a 'to' and a 'text' or 'binary' field");
		}
		Message message = (text != null) ? new Message.Text(text) : new Message.Binary(Base64.getDecoder().decode(binary));
		Map<String, String> headers = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (name.startsWith(HEADER)) {
				headers.put(name.substring(HEADER.length()), value);
			}
		});
		return new Entry(new Delivery(address(to), fields.get("except"), message, fields.getOrDefault("id", id),
				headers), null, source, n);
	}

	private static Address address(String to) {
		if (to.equals("all")) {
			return Address.all();
		}
		int colon = to.indexOf(':');
		String kind = (colon > 0) ? to.substring(0, colon) : "";
		return switch (kind) {
			case "room" -> Address.room(to.substring(colon + 1));
			case "user" -> Address.user(to.substring(colon + 1));
			default -> throw new IllegalArgumentException("'to' is room:<name>, user:<name> or all, not '" + to + "'");
		};
	}

	/**
	 * An entry of the stream: a delivery or a presence change.
	 *
	 * @param delivery the delivery it carries, with its id, or {@code null}
	 * @param presence the presence change it carries, or {@code null}
	 * @param source its publisher, or {@code null} if it came from elsewhere (redis-cli, say)
	 * @param number its number for its publisher, or 0 without a publisher
	 */
	record Entry(@Nullable Delivery delivery, @Nullable PresenceChange presence, @Nullable String source,
			long number) {

	}

}
