package io.flasksockets.broker;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.flasksockets.Message;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
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

	private final StringRedisTemplate redis;

	private final String key;

	private final long streamLength;

	private final String source = UUID.randomUUID().toString();

	private final ReentrantLock lock = new ReentrantLock();

	private long number;

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
		this.redis = new StringRedisTemplate(connectionFactory);
		this.redis.afterPropertiesSet();
		this.key = RedisStream.key(keyPrefix);
		this.streamLength = streamLength;
	}

	/**
	 * Send a text message.
	 * @param to where it goes
	 * @param text the text
	 * @throws SocketBrokerException if Redis cannot be reached
	 */
	public void send(Address to, String text) {
		add(new Delivery(to, null, new Message.Text(text)));
	}

	/**
	 * Send a binary message.
	 * @param to where it goes
	 * @param data the bytes
	 * @throws SocketBrokerException if Redis cannot be reached
	 */
	public void send(Address to, byte[] data) {
		add(new Delivery(to, null, new Message.Binary(data)));
	}

	/**
	 * Add a delivery to the stream, numbered so that nodes deliver it once and see what they missed; one at a time,
	 * so that the numbers reach the stream in order.
	 */
	private void add(Delivery delivery) {
		this.lock.lock();
		try {
			this.redis.opsForStream()
				.add(StreamRecords.newRecord()
					.in(this.key)
					.ofMap(RedisStream.fields(delivery, this.source, this.number + 1)),
						XAddOptions.maxlen(this.streamLength).approximateTrimming(true));
			this.number++;
		}
		catch (RuntimeException ex) {
			throw new SocketBrokerException("Cannot publish to " + delivery.to() + " through Redis", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

}
