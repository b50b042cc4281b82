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
				died.add(node);
			}
			else if (told != null && live.contains(node)) {
				returned.add(node);
			}
			else if (told != null && now - told > this.forgetAfter.toNanos()) {
				forgotten.add(node);
			}
		}
		Nodes changed = new Nodes(this.started ? died : Set.of(), returned, forgotten);
		// Everything is read before anything is told or changed: a Redis that fails midway leaves it for the next
		// check, whole
		Map<String, Map<String, String>> rooms = new HashMap<>();
		if (!changed.isEmpty()) {
			view.local().keySet()
				.forEach((room) -> rooms.put(room, view.redis().hgetall(RedisPresence.membersKey(view.keyPrefix(), room))));
		}
		died.forEach((node) -> this.departed.put(node, now));
		this.departed.keySet().removeAll(returned);
		this.started = true;
		Map<String, List<String>> stale = new HashMap<>();
		rooms.forEach((room, entries) -> stale.put(room, tell(room, entries,
				view.local().getOrDefault(room, Map.of()).size(), live, changed, sockets)));
		stale.forEach((room, socketIds) -> {
			if (!socketIds.isEmpty()) {
				view.redis().hdel(RedisPresence.membersKey(view.keyPrefix(), room), socketIds.toArray(String[]::new));
			}
		});
		if (!forgotten.isEmpty()) {
			view.redis().hdel(RedisPresence.presenceKey(view.keyPrefix(), Address.all()), forgotten.toArray(String[]::new));
			this.departed.keySet().removeAll(forgotten);
		}
	}

	/**
	 * Tell the local sockets of a room which of its entries left or joined again.
	 * @return the ids of the entries of forgotten nodes, to take out of the room's hash
	 */
	private static List<String> tell(String room, Map<String, String> entries, int localCount, Set<String> live,
			Nodes nodes, LocalSockets sockets) {
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
		return stale;
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

		boolean isEmpty() {
			return this.died.isEmpty() && this.returned.isEmpty() && this.forgotten.isEmpty();
		}

	}

}
