package io.flasksockets.internal.socket;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.flasksockets.InvalidMessageException;
import io.flasksockets.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * How a socket's text becomes typed values and back: path variables and query parameters through the application's
 * conversion service, as Spring MVC converts them; message payloads through the application's {@link JsonMapper}.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Conversions {

	private final ConversionService conversionService;

	private final JsonMapper jsonMapper;

	/**
	 * Create conversions.
	 * @param conversionService converts path variables and query parameters
	 * @param jsonMapper reads and writes JSON messages
	 */
	public Conversions(ConversionService conversionService, JsonMapper jsonMapper) {
		this.conversionService = conversionService;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Convert text, such as a path variable, to a type.
	 * @param text the text
	 * @param type the type
	 * @param <T> the type
	 * @return the value
	 * @throws IllegalArgumentException if the text is not a valid value of the type
	 */
	public <T> T convert(String text, Class<T> type) {
		try {
			return Objects.requireNonNull(this.conversionService.convert(text, type));
		}
		catch (ConversionException | NullPointerException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a valid " + type.getSimpleName(), ex);
		}
	}

	/**
	 * Return the message a value is sent as: text as text, bytes as binary, a message as it is, anything else as
	 * JSON text.
	 * @param value the value
	 * @return the message
	 */
	public Message toMessage(Object value) {
		return switch (value) {
			case String text -> new Message.Text(text);
			case byte[] data -> new Message.Binary(data);
			case ByteBuffer data -> new Message.Binary(data.duplicate());
			case Message message -> message;
			default -> new Message.Text(this.jsonMapper.writeValueAsString(value));
		};
	}

	/**
	 * Return a message as Spring writes it.
	 * @param message the message
	 * @return Spring's message
	 */
	public static WebSocketMessage<?> toWebSocketMessage(Message message) {
		return switch (message) {
			case Message.Text(String text) -> new TextMessage(text);
			case Message.Binary binary -> new BinaryMessage(binary.data());
		};
	}

	/**
	 * Read a message's payload as JSON.
	 * @throws InvalidMessageException if the payload is not a valid value of the type
	 */
	<T> T fromJson(Message message, Class<T> type) {
		T value;
		try {
			value = switch (message) {
				case Message.Text text -> this.jsonMapper.readValue(text.text(), type);
				case Message.Binary binary -> this.jsonMapper.readValue(binary.bytes(), type);
			};
		}
		catch (JacksonException ex) {
			throw new InvalidMessageException(type,
					"Message is not a valid " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
		if (value == null) {
			throw new InvalidMessageException(type, "Message is null, not a " + type.getSimpleName(), null);
		}
		return value;
	}

}
