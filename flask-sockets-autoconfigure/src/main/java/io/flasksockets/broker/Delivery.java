package io.flasksockets.broker;

import java.util.Map;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way to the sockets of an address, on every node.
 *
 * @param to where it goes
 * @param except the id of a socket it must not reach, such as the sender's, or {@code null}
 * @param message the message
 * @param id the message's id, the same on every node and greater than the ids of earlier messages to the same
 * address; {@code null} until the broker gives it one
 * @param headers what the message carries besides its payload, such as the trace context of its sender
 * ({@code traceparent}); a broker carries them to every node
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Delivery(Address to, @Nullable String except, Message message, @Nullable String id,
		Map<String, String> headers) {

	/**
	 * Create a delivery.
	 * @param to where it goes
	 * @param except the id of a socket it must not reach, or {@code null}
	 * @param message the message
	 * @param id the message's id, or {@code null}
	 * @param headers what the message carries besides its payload
	 */
	public Delivery {
		headers = Map.copyOf(headers);
	}

	/**
	 * Create a delivery the broker has not given an id yet, without headers.
	 * @param to where it goes
	 * @param except the id of a socket it must not reach, or {@code null}
	 * @param message the message
	 */
	public Delivery(Address to, @Nullable String except, Message message) {
		this(to, except, message, null, Map.of());
	}

	/**
	 * Return this delivery with the given id.
	 * @param id the id
	 * @return the delivery
	 */
	public Delivery withId(String id) {
		return new Delivery(this.to, this.except, this.message, id, this.headers);
	}

}
