package io.flasksockets.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is where, on every node, in Redis: each room's sockets, one field per socket in the hash
 * {@code <prefix>:members:room:<name>} ({@code <node id>|<user name>}), written when a socket joins or leaves, so
 * that every node counts a join as soon as it has returned; each node's heartbeat {@code <prefix>:node:<id>}, which
 * expires three presence intervals after the node stops, so that a dead node's sockets stop counting; and how many
 * sockets each user has, and in all, per node, in the hashes {@code <prefix>:presence:user:<name>} and
 * {@code <prefix>:presence:all}, written with each heartbeat. It works on a connection of its own, with a short
 * timeout; while Redis is unreachable it counts this node alone, and each heartbeat writes again the rooms whose
 * writes failed. A new connection, after Redis closed the last one, writes the heartbeat and every room of this node
 * again at once, for a Redis that restarted without its data. A node that dies with sockets in rooms that have sockets
 * here is told to them as its sockets leaving, once ({@link Departures}).
 */
final class RedisPresence {

	private static final Logger logger = LoggerFactory.getLogger(RedisPresence.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final RedisClient client;

	private final String keyPrefix;

	private final String nodeId;

	private final Duration interval;

	private final RedisOutage outage;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile boolean removed;

	private final Set<String> unwritten = ConcurrentHashMap.newKeySet();

	private final Map<String, Map<String, String>> local = new ConcurrentHashMap<>();

	private @Nullable StatefulRedisConnection<String, String> connection;

	private Set<Address> published = Set.of();

	private final Departures departures;

	RedisPresence(RedisClient client, String keyPrefix, String nodeId, Duration interval, RedisOutage outage) {
		this.client = client;
		this.keyPrefix = keyPrefix;
		this.nodeId = nodeId;
		this.interval = interval;
		this.outage = outage;
		this.departures = new Departures(nodeId, expiry());
	}

	void joined(String room, String socketId, @Nullable String member) {
		String entry = this.nodeId + "|" + ((member != null) ? member : "");
		this.local.computeIfAbsent(room, (key) -> new ConcurrentHashMap<>()).put(socketId, entry);
		write(room, (redis) -> redis.hset(membersKey(room), socketId, entry));
	}

	void left(String room, String socketId) {
		this.local.computeIfPresent(room, (key, sockets) -> {
			sockets.remove(socketId);
			return sockets.isEmpty() ? null : sockets;
		});
		write(room, (redis) -> redis.hdel(membersKey(room), socketId));
	}

	/**
	 * Return how many sockets of a room are on the other live nodes.
	 */
	long remoteCount(String room) {
		return remoteEntries(room).size();
	}

	/**
	 * Return the names of the users whose sockets are in a room on the other live nodes.
	 */
	Set<String> remoteMembers(String room) {
		Set<String> names = new HashSet<>();
		for (String entry : remoteEntries(room)) {
			String name = memberOf(entry);
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Return how many sockets an address other than a room has on the other live nodes, as of their heartbeats.
	 */
	long remoteCount(Address address) {
		Map<String, String> counts = read((redis) -> redis.hgetall(presenceKey(address)), Map.of());
		long count = 0;
		for (String node : live(counts.keySet())) {
			count += Long.parseLong(counts.get(node));
		}
		return count;
	}

	/**
	 * Tell the other nodes that this node is alive, how many sockets each of its users has and how many it has in
	 * all, write again the rooms whose writes failed, and tell the local sockets of each room which sockets of other
	 * nodes left it because their node died, or came back.
	 * @param sockets this node's sockets
	 */
	void heartbeat(LocalSockets sockets) {
		if (!this.outage.isOver()) {
			// Its heartbeat expires meanwhile: the other nodes stop counting its sockets, as they would a dead node's
			return;
		}
		Duration expiry = expiry();
		Map<Address, Long> counts = new HashMap<>(sockets.presence());
		counts.keySet().removeIf((address) -> address.kind() == Address.Kind.ROOM);
		boolean written = read((redis) -> {
			sayAlive(redis);
			this.published.stream()
				.filter((address) -> !counts.containsKey(address))
				.forEach((address) -> redis.hdel(presenceKey(address), this.nodeId));
			counts.forEach((address, count) -> {
				redis.hset(presenceKey(address), this.nodeId, Long.toString(count));
				redis.pexpire(presenceKey(address), expiry.toMillis());
			});
			for (String room : Set.copyOf(this.unwritten)) {
				this.unwritten.remove(room);
				rewrite(redis, room, this.local.getOrDefault(room, Map.of()));
			}
			this.departures.check(new Departures.View(redis, this.keyPrefix, this.local), sockets);
			return true;
		}, false);
		if (written) {
			this.published = Set.copyOf(counts.keySet());
		}
	}

	private void sayAlive(RedisCommands<String, String> redis) {
		redis.psetex(nodeKey(this.keyPrefix, this.nodeId), expiry().toMillis(), "alive");
	}

	/**
	 * Return how long a heartbeat lasts: three presence intervals.
	 */
	private Duration expiry() {
		return this.interval.multipliedBy(3);
	}

	/**
	 * Make a room's hash hold exactly this node's sockets of it, besides the other nodes'.
	 */
	private void rewrite(RedisCommands<String, String> redis, String room, Map<String, String> local) {
		Map<String, String> entries = redis.hgetall(membersKey(room));
		entries.forEach((socketId, entry) -> {
			if (entry.startsWith(this.nodeId + "|") && !local.containsKey(socketId)) {
				redis.hdel(membersKey(room), socketId);
			}
		});
		local.forEach((socketId, entry) -> redis.hset(membersKey(room), socketId, entry));
	}

	/**
	 * Take this node out of Redis, as it stops.
	 */
	void remove() {
		read((redis) -> {
			// Out of the node list first: a node without a heartbeat but still listed would be told as dead
			this.published.forEach((address) -> redis.hdel(presenceKey(address), this.nodeId));
			redis.del(nodeKey(this.keyPrefix, this.nodeId));
			this.local.forEach((room, sockets) -> sockets.keySet().forEach((id) -> redis.hdel(membersKey(room), id)));
			return true;
		}, false);
		// Sockets that close later leave their rooms in this node's memory only, not on a closed connection
		this.removed = true;
		close();
	}

	void close() {
		StatefulRedisConnection<String, String> connection = this.connection;
		if (connection != null) {
			forget(connection);
		}
	}

	private List<String> remoteEntries(String room) {
		Map<String, String> entries = read((redis) -> redis.hgetall(membersKey(room)), Map.of());
		Map<String, List<String>> byNode = new HashMap<>();
		entries.forEach((socketId, entry) -> byNode.computeIfAbsent(nodeOf(entry), (key) -> new ArrayList<>()).add(entry));
		List<String> remote = new ArrayList<>();
		for (String node : live(byNode.keySet())) {
			remote.addAll(byNode.get(node));
		}
		return remote;
	}

	/**
	 * Return the nodes, other than this one, whose heartbeats have not expired.
	 */
	private Set<String> live(Set<String> nodes) {
		Set<String> others = new HashSet<>(nodes);
		others.remove(this.nodeId);
		return read((redis) -> alive(redis, this.keyPrefix, others), Set.of());
	}

	/**
	 * Return the nodes whose heartbeats have not expired.
	 */
	static Set<String> alive(RedisCommands<String, String> redis, String keyPrefix, Set<String> nodes) {
		if (nodes.isEmpty()) {
			return Set.of();
		}
		List<String> ids = List.copyOf(nodes);
		List<KeyValue<String, String>> values = redis
			.mget(ids.stream().map((node) -> nodeKey(keyPrefix, node)).toArray(String[]::new));
		Set<String> alive = new HashSet<>();
		for (int i = 0; i < ids.size(); i++) {
			if (values.get(i).hasValue()) {
				alive.add(ids.get(i));
			}
		}
		return alive;
	}

	/**
	 * Write a room's entry, or remember to write the room again with the next heartbeat.
	 */
	private void write(String room, Command<?> command) {
		if (!read((redis) -> {
			command.run(redis);
			return true;
		}, false)) {
			this.unwritten.add(room);
		}
	}

	/**
	 * Run commands on this component's connection, unless Redis is known to be unreachable or this node was taken
	 * out of Redis.
	 * @return their result, or the fallback if Redis could not answer
	 */
	private <T> T read(Command<T> command, T fallback) {
		if (!this.outage.isOver() || this.removed) {
			return fallback;
		}
		StatefulRedisConnection<String, String> connection = null;
		try {
			connection = connection();
			return command.run(connection.sync());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not reach Redis for presence", ex);
			if (connection != null) {
				forget(connection);
			}
			return fallback;
		}
	}

	/**
	 * Return the connection, opening a new one if there is none or Redis closed it; a new connection first says
	 * that this node is alive and writes its rooms again, since it may follow a Redis that lost its data.
	 */
	private StatefulRedisConnection<String, String> connection() {
		this.lock.lock();
		try {
			if (this.connection == null || !this.connection.isOpen()) {
				if (this.connection != null) {
					this.connection.closeAsync();
				}
				this.connection = null;
				StatefulRedisConnection<String, String> opened = RedisStream.connect(this.client,
						this.keyPrefix + ":presence:" + this.nodeId, TIMEOUT);
				try {
					RedisCommands<String, String> redis = opened.sync();
					sayAlive(redis);
					this.local.forEach((room, sockets) -> rewrite(redis, room, sockets));
				}
				catch (RuntimeException ex) {
					opened.closeAsync();
					throw ex;
				}
				this.connection = opened;
			}
			return this.connection;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Close the connection, unless it is no longer the current one (another thread closed or replaced it): every
	 * command that was waiting on it fails at once.
	 */
	private void forget(StatefulRedisConnection<String, String> broken) {
		this.lock.lock();
		try {
			if (this.connection == broken) {
				this.connection = null;
				broken.closeAsync();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private String membersKey(String room) {
		return membersKey(this.keyPrefix, room);
	}

	private String presenceKey(Address address) {
		return presenceKey(this.keyPrefix, address);
	}

	static String membersKey(String keyPrefix, String room) {
		return keyPrefix + ":members:room:" + room;
	}

	static String nodeKey(String keyPrefix, String node) {
		return keyPrefix + ":node:" + node;
	}

	static String presenceKey(String keyPrefix, Address address) {
		return keyPrefix + ":presence:" + address;
	}

	/**
	 * Return the node of a room's entry ({@code <node id>|<user name>}).
	 */
	static String nodeOf(String entry) {
		return entry.substring(0, Math.max(0, entry.indexOf('|')));
	}

	/**
	 * Return the user name of a room's entry, empty for a socket without a principal.
	 */
	static String memberOf(String entry) {
		return entry.substring(entry.indexOf('|') + 1);
	}

	/**
	 * Commands on a connection.
	 */
	@FunctionalInterface
	private interface Command<T> {

		T run(RedisCommands<String, String> redis);

	}

}
