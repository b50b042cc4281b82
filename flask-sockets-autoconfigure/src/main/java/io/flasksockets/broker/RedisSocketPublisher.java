package io.flasksockets.broker;

import io.flasksockets.Message;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sends messages to rooms, users or every socket of an application whose nodes share a {@link RedisSocketBroker},
 * from any process that can reach its Redis: a batch job, a worker, a test, with no web server of its own.
 *
 * <pre class="code">
 * RedisSocketPublisher publisher = new RedisSocketPublisher(connectionFactory, "flask-sockets");
 * publisher.send(Address.room("lobby"), "The server restarts at noon");
 * </pre>
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class RedisSocketPublisher {

	private final RedisStream stream;

	/**
	 * Create a publisher for an application with the default stream length.
	 * @param connectionFactory where Redis is
	 * @param keyPrefix the application's key prefix, {@code flask-sockets.redis.key-prefix}
	 */
	public RedisSocketPublisher(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this(connectionFactory, keyPrefix, RedisStream.DEFAULT_MAX_LENGTH);
	}

	/**
	 * Create a publisher.
	 * @param connectionFactory where Redis is
	 * @param keyPrefix the application's key prefix, {@code flask-sockets.redis.key-prefix}
	 * @param streamLength the application's {@code flask-sockets.redis.stream-length}
	 */
	public RedisSocketPublisher(RedisConnectionFactory connectionFactory, String keyPrefix, long streamLength) {
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		redis.afterPropertiesSet();
		this.stream = new RedisStream(redis, keyPrefix, streamLength);
	}

	/**
	 * Send a text message.
	 * @param to where it goes
	 * @param text the text
	 * @throws SocketBrokerException if Redis cannot be reached
	 */
	public void send(Address to, String text) {
		this.stream.add(new Delivery(to, null, new Message.Text(text)));
	}

	/**
	 * Send a binary message.
	 * @param to where it goes
	 * @param data the bytes
	 * @throws SocketBrokerException if Redis cannot be reached
	 */
	public void send(Address to, byte[] data) {
		this.stream.add(new Delivery(to, null, new Message.Binary(data)));
	}

}
