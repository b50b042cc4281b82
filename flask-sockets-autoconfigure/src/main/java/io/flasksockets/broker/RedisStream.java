package io.flasksockets.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis stream that carries deliveries between nodes, and its format. Each entry has the fields {@code to}
 * ({@code room:<name>}, {@code user:<name>} or {@code all}), {@code text} or {@code binary} (Base64), optionally
 * {@code except} (a socket id), and {@code seq}, a number that grows by one per entry, so that a node that resumes
 * after an outage can tell how many it missed. The stream is capped at about its maximum length.
 */
final class RedisStream {

	/**
	 * Numbers the entry and adds it, in one step.
	 */
	private static final RedisScript<String> ADD = new DefaultRedisScript<>("""
			local seq = redis.call('INCR', KEYS[2])
			return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'seq', seq, unpack(ARGV, 2))
			""", String.class);

	/**
	 * About how many entries the stream keeps unless the application says otherwise.
	 */
	static final long DEFAULT_MAX_LENGTH = 10_000;

	private final StringRedisTemplate redis;

	private final String key;

	private final String sequenceKey;

	private final long maxLength;

	RedisStream(StringRedisTemplate redis, String keyPrefix, long maxLength) {
		this.redis = redis;
		this.key = keyPrefix + ":messages";
		this.sequenceKey = keyPrefix + ":messages:seq";
		this.maxLength = maxLength;
	}

	String key() {
		return this.key;
	}

	/**
	 * Add a delivery to the stream.
	 * @throws SocketBrokerException if Redis cannot be reached
	 */
	void add(Delivery delivery) {
		List<String> arguments = new ArrayList<>(List.of(Long.toString(this.maxLength), "to", delivery.to().toString()));
		if (delivery.except() != null) {
			arguments.addAll(List.of("except", delivery.except()));
		}
		switch (delivery.message()) {
			case Message.Text(String text) -> arguments.addAll(List.of("text", text));
			case Message.Binary binary -> arguments
				.addAll(List.of("binary", Base64.getEncoder().encodeToString(binary.bytes())));
		}
		try {
			this.redis.execute(ADD, List.of(this.key, this.sequenceKey), arguments.toArray());
		}
		catch (RuntimeException ex) {
			throw new SocketBrokerException("Cannot publish to " + delivery.to() + " through Redis", ex);
		}
	}

	/**
	 * Read an entry's delivery.
	 * @throws IllegalArgumentException if the entry is not a delivery
	 */
	static Delivery read(Map<byte[], byte[]> fields) {
		String to = null;
		String except = null;
		Message message = null;
		for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
			String value = new String(field.getValue(), StandardCharsets.UTF_8);
			switch (new String(field.getKey(), StandardCharsets.UTF_8)) {
				case "to" -> to = value;
				case "except" -> except = value;
				case "text" -> message = new Message.Text(value);
				case "binary" -> message = new Message.Binary(Base64.getDecoder().decode(value));
				default -> {
				}
			}
		}
		if (to == null || message == null) {
			throw new IllegalArgumentException("An entry needs a 'to' and a 'text' or 'binary' field");
		}
		return new Delivery(address(to), except, message);
	}

	/**
	 * Read an entry's sequence number.
	 * @return the number, or {@code null} if the entry has none (as when added by hand)
	 */
	static @Nullable Long sequence(Map<byte[], byte[]> fields) {
		for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
			if ("seq".equals(new String(field.getKey(), StandardCharsets.UTF_8))) {
				return Long.parseLong(new String(field.getValue(), StandardCharsets.UTF_8));
			}
		}
		return null;
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

}
