package io.flasksockets.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flasksockets.PresenceChange;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What this node's sockets are told as another node of their room dies, comes back or is forgotten, against the
 * Redis on 127.0.0.1:6379: the room's hash holds one socket here (alice's) and two of the other node (bob's and an
 * anonymous one).
 */
class DeparturesTests {

	private static final String HERE = "here";

	private static final String OTHER = "other";

	private static final String ROOM = "lobby";

	private static LocalRedis redis;

	private final Told told = new Told();

	private String prefix;

	@BeforeAll
	static void connect() {
		redis = LocalRedis.connect();
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@BeforeEach
	void twoNodesInOneRoom() {
		this.prefix = "departures-" + UUID.randomUUID();
		commands().hset(RedisPresence.presenceKey(this.prefix, Address.all()), Map.of(HERE, "1", OTHER, "2"));
		commands().hset(membersKey(), Map.of("s1", HERE + "|alice", "s2", OTHER + "|bob", "s3", OTHER + "|"));
		alive(OTHER, true);
	}

	@AfterEach
	void deleteKeys() {
		List<String> keys = commands().keys(this.prefix + ":*");
		if (!keys.isEmpty()) {
			commands().del(keys.toArray(String[]::new));
		}
	}

	@Test
	void theSocketsOfANodeThatDiesLeaveOnceWithTheCountsGoingDown() {
		Departures departures = new Departures(HERE, Duration.ofMinutes(1));
		check(departures);
		assertThat(this.told.changes).as("both nodes alive").isEmpty();
		alive(OTHER, false);
		check(departures);
		check(departures);
		assertThat(this.told.changes).as("told once")
			.extracting(PresenceChange::kind, PresenceChange::room)
			.containsOnly(tuple(PresenceChange.Kind.LEFT, ROOM))
			.hasSize(2);
		assertThat(this.told.changes).extracting(PresenceChange::member).containsExactlyInAnyOrder("bob", null);
		assertThat(this.told.changes).extracting(PresenceChange::count).containsExactly(2L, 1L);
	}

	@Test
	void aNodeThatComesBackJoinsItsSocketsAgain() {
		Departures departures = new Departures(HERE, Duration.ofMinutes(1));
		check(departures);
		alive(OTHER, false);
		check(departures);
		this.told.changes.clear();
		alive(OTHER, true);
		check(departures);
		assertThat(this.told.changes).extracting(PresenceChange::kind).containsOnly(PresenceChange.Kind.JOINED);
		assertThat(this.told.changes).extracting(PresenceChange::member).containsExactlyInAnyOrder("bob", null);
		assertThat(this.told.changes).extracting(PresenceChange::count).containsExactly(2L, 3L);
	}

	@Test
	void aNodeDeadPastTheGraceIsForgottenWithoutAWord() {
		Departures departures = new Departures(HERE, Duration.ZERO);
		check(departures);
		alive(OTHER, false);
		check(departures);
		this.told.changes.clear();
		check(departures);
		assertThat(this.told.changes).isEmpty();
		assertThat(commands().hkeys(RedisPresence.presenceKey(this.prefix, Address.all()))).containsExactly(HERE);
		assertThat(commands().hgetall(membersKey())).containsOnlyKeys("s1");
	}

	@Test
	void aNodeAlreadyDeadWhenThisOneStartsIsNotAnnounced() {
		alive(OTHER, false);
		Departures departures = new Departures(HERE, Duration.ofMinutes(1));
		check(departures);
		check(departures);
		assertThat(this.told.changes).isEmpty();
	}

	@Test
	void aNodeAnotherNodeForgotIsForgottenHereToo() {
		Departures departures = new Departures(HERE, Duration.ofMinutes(1));
		check(departures);
		alive(OTHER, false);
		check(departures);
		this.told.changes.clear();
		commands().hdel(RedisPresence.presenceKey(this.prefix, Address.all()), OTHER);
		check(departures);
		assertThat(this.told.changes).isEmpty();
		assertThat(commands().hgetall(membersKey())).containsOnlyKeys("s1");
	}

	private void check(Departures departures) {
		departures.check(new Departures.View(commands(), this.prefix, Map.of(ROOM, Map.of("s1", HERE + "|alice"))),
				this.told);
	}

	private void alive(String node, boolean alive) {
		String key = RedisPresence.nodeKey(this.prefix, node);
		if (alive) {
			commands().set(key, "1");
		}
		else {
			commands().del(key);
		}
	}

	private String membersKey() {
		return RedisPresence.membersKey(this.prefix, ROOM);
	}

	private static RedisCommands<String, String> commands() {
		return redis.commands();
	}

	/**
	 * This node's sockets, as far as they are told of presence.
	 */
	private static final class Told implements LocalSockets {

		private final List<PresenceChange> changes = new ArrayList<>();

		@Override
		public void deliver(Delivery delivery) {
			throw new AssertionError("not delivered here");
		}

		@Override
		public void recall(Delivery delivery) {
			throw new AssertionError("not recalled here");
		}

		@Override
		public void historyBeginsAfter(String id) {
			throw new AssertionError("no history here");
		}

		@Override
		public void presenceChanged(PresenceChange change) {
			this.changes.add(change);
		}

		@Override
		public Map<Address, Long> presence() {
			return Map.of();
		}

	}

}
