package io.flasksockets.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * This node's presence in Redis when Redis stalls under many sockets at once, against the Redis on 127.0.0.1:6379.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisPresenceTests {

	private static final String ROOM = "lobby";

	private final String prefix = "presence-" + UUID.randomUUID();

	private LocalRedis redis;

	private RedisClient client;

	@BeforeEach
	void connect() {
		this.redis = LocalRedis.connect();
		this.client = RedisClient.create("redis://" + LocalRedis.HOST + ":" + LocalRedis.PORT);
	}

	@AfterEach
	void disconnect() {
		this.client.shutdown();
		List<String> keys = this.redis.commands().keys(this.prefix + ":*");
		if (!keys.isEmpty()) {
			this.redis.commands().del(keys.toArray(String[]::new));
		}
		this.redis.close();
	}

	@Test
	void joinsThatTimeOutTogetherCloseTheirConnectionOnceAndAreWrittenWhenRedisAnswersAgain(CapturedOutput output)
			throws Exception {
		RedisPresence presence = new RedisPresence(this.client, this.prefix, "here", Duration.ofSeconds(1),
				new RedisOutage());
		presence.joined(ROOM, "first", null);
		// Every command of every client waits 1.5 s, longer than presence's 1 s timeout
		this.redis.commands().clientPause(1500);
		List<Thread> joins = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String socketId = "socket-" + i;
			joins.add(Thread.ofVirtual().start(() -> presence.joined(ROOM, socketId, "alice")));
		}
		for (Thread join : joins) {
			join.join();
		}
		assertThat(output).doesNotContain("Connection is already closed");
		// The next command opens a new connection, which writes this node's rooms again
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			presence.remoteCount(ROOM);
			assertThat(this.redis.commands().hlen(RedisPresence.membersKey(this.prefix, ROOM))).isEqualTo(21);
		});
	}

}
