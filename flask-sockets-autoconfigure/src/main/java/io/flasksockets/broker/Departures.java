package io.flasksockets.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flasksockets.PresenceChange;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * The other nodes whose heartbeats expired, as this node's sockets are told of them: each socket that a dead node
 * had in a room with sockets here leaves it ({@link PresenceChange.Kind#LEFT}), once, on the first heartbeat after
 * the node's expired; a node that comes back, after an outage of its own, joins its sockets again
 * ({@link PresenceChange.Kind#JOINED}). A node dead for three presence intervals more is forgotten: its entries leave
 * the hashes of the rooms that have sockets here, and itself the hash {@code <prefix>:presence:all}, which lists the
 * nodes (a node another node forgot first is forgotten here too). Nodes already dead when this node starts are
 * forgotten without a word. Used on the heartbeat's thread only.
 */
final class Departures {

	private final String nodeId;

	private final Duration forgetAfter;

	/**
	 * The dead nodes this node has told its sockets of, and when.
	 */
	private final Map<String, Long> departed = new HashMap<>();

	private boolean started;

	Departures(String nodeId, Duration forgetAfter) {
		this.nodeId = nodeId;
		this.forgetAfter = forgetAfter;
	}

	/**
	 * Tell the local sockets of each room which sockets of other nodes left it or joined it again since the last
	 * check, as their nodes died or came back.
	 * @param view Redis, and this node's sockets of each room
	 * @param sockets this node's sockets
	 */
	void check(View view, LocalSockets sockets) {
		Set<String> nodes = new HashSet<>(view.redis().hkeys(RedisPresence.presenceKey(view.keyPrefix(), Address.all())));
		nodes.remove(this.nodeId);
		Set<String> live = RedisPresence.alive(view.redis(), view.keyPrefix(), nodes);
		long now = System.nanoTime();
		Set<String> died = new HashSet<>();
		Set<String> returned = new HashSet<>();
		// Forgotten by another node already: its entries here go too
		Set<String> forgotten = new HashSet<>(this.departed.keySet());
		forgotten.removeAll(nodes);
		for (String node : nodes) {
			Long told = this.departed.get(node);
			if (told == null && !live.contains(node)) {
				this.departed.put(node, now);
				if (this.started) {
					died.add(node);
				}
			}
			else if (told != null && live.contains(node)) {
				this.departed.remove(node);
				returned.add(node);
			}
			else if (told != null && now - told > this.forgetAfter.toNanos()) {
				forgotten.add(node);
			}
		}
		this.started = true;
		if (!died.isEmpty() || !returned.isEmpty() || !forgotten.isEmpty()) {
			view.local().forEach((room, local) -> tell(view, room, local.size(), live, new Nodes(died, returned,
					forgotten), sockets));
		}
		if (!forgotten.isEmpty()) {
			view.redis().hdel(RedisPresence.presenceKey(view.keyPrefix(), Address.all()), forgotten.toArray(String[]::new));
			this.departed.keySet().removeAll(forgotten);
		}
	}

	private static void tell(View view, String room, int localCount, Set<String> live, Nodes nodes,
			LocalSockets sockets) {
		String key = RedisPresence.membersKey(view.keyPrefix(), room);
		Map<String, String> entries = view.redis().hgetall(key);
		List<String> left = new ArrayList<>();
		List<String> joined = new ArrayList<>();
		List<String> stale = new ArrayList<>();
		long count = localCount;
		for (Map.Entry<String, String> entry : entries.entrySet()) {
			String node = RedisPresence.nodeOf(entry.getValue());
			String member = RedisPresence.memberOf(entry.getValue());
			if (live.contains(node)) {
				count++;
			}
			if (nodes.died().contains(node)) {
				left.add(member);
			}
			else if (nodes.returned().contains(node)) {
				joined.add(member);
			}
			else if (nodes.forgotten().contains(node)) {
				stale.add(entry.getKey());
			}
		}
		long before = count - joined.size() + left.size();
		for (String member : left) {
			sockets.presenceChanged(new PresenceChange(room, PresenceChange.Kind.LEFT, nameOf(member), --before));
		}
		for (String member : joined) {
			sockets.presenceChanged(new PresenceChange(room, PresenceChange.Kind.JOINED, nameOf(member), ++before));
		}
		if (!stale.isEmpty()) {
			view.redis().hdel(key, stale.toArray(String[]::new));
		}
	}

	private static @Nullable String nameOf(String member) {
		return member.isEmpty() ? null : member;
	}

	/**
	 * Redis, and this node's sockets of each room (socket id to entry) as it wrote them there.
	 */
	record View(RedisCommands<String, String> redis, String keyPrefix, Map<String, Map<String, String>> local) {

	}

	/**
	 * The nodes that died since the last check, came back, and are to be forgotten.
	 */
	private record Nodes(Set<String> died, Set<String> returned, Set<String> forgotten) {

	}

}
