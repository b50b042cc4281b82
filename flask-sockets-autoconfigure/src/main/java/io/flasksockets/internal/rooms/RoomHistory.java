package io.flasksockets.internal.rooms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * The recent messages of each room, for sockets that join again with the id of the last message their peer saw:
 * at most a number of messages per room, the oldest going first, and at most a number in all, the rooms least
 * recently sent to going first, whole. Each room knows after which id it holds everything: the last message it let
 * go, the newest message of any room let go whole before it was sent to again, or the id after which this node's
 * history began. Not thread-safe: its owner holds a lock around each use.
 */
final class RoomHistory {

	private final int perRoom;

	private final int inAll;

	private final LinkedHashMap<String, Window> rooms = new LinkedHashMap<>(16, 0.75f, true);

	private int size;

	private MessageId begins = MessageId.ZERO;

	private MessageId evicted = MessageId.ZERO;

	/**
	 * Create a history.
	 * @param perRoom how many messages each room keeps
	 * @param inAll how many messages all rooms keep together
	 */
	RoomHistory(int perRoom, int inAll) {
		this.perRoom = perRoom;
		this.inAll = inAll;
	}

	/**
	 * Record that this node's history begins right after the given id: it holds nothing from before.
	 */
	void beginsAfter(String id) {
		this.begins = MessageId.parse(id);
	}

	/**
	 * Keep a room's message.
	 */
	void add(String room, String id, Message message) {
		if (this.perRoom == 0) {
			return;
		}
		Window window = this.rooms.computeIfAbsent(room, (key) -> new Window(this.evicted));
		MessageId order = MessageId.parse(id);
		window.entries.add(new Entry(order, id, message));
		this.size++;
		if (window.entries.size() > this.perRoom) {
			window.dropOldest();
			this.size--;
		}
		Iterator<Map.Entry<String, Window>> leastRecent = this.rooms.entrySet().iterator();
		while (this.size > this.inAll && leastRecent.hasNext()) {
			Window least = leastRecent.next().getValue();
			if (least != window) {
				this.size -= least.entries.size();
				this.evicted = MessageId.max(this.evicted, least.entries.getLast().order());
				leastRecent.remove();
			}
		}
	}

	/**
	 * Return a room's messages after the given id.
	 * @param since the id of the last message the peer saw, or {@code null} for none
	 * @return the messages, oldest first, whether they are all the room had after that id, and the id of the
	 * room's newest message
	 */
	Since since(String room, @Nullable MessageId since) {
		Window window = this.rooms.get(room);
		MessageId holdsAfter = MessageId.max(this.begins, (window != null) ? window.dropped : this.evicted);
		boolean complete = since != null && since.compareTo(holdsAfter) >= 0;
		List<Entry> entries = new ArrayList<>();
		if (window != null && since != null) {
			for (Entry entry : window.entries) {
				if (entry.order().compareTo(since) > 0) {
					entries.add(entry);
				}
			}
		}
		MessageId newest = (window != null && !window.entries.isEmpty()) ? window.entries.getLast().order()
				: holdsAfter;
		return new Since(entries, complete, newest);
	}

	/**
	 * The messages a room keeps, and the id of the last one it let go.
	 */
	private static final class Window {

		private final ArrayDeque<Entry> entries = new ArrayDeque<>();

		private MessageId dropped;

		Window(MessageId dropped) {
			this.dropped = dropped;
		}

		void dropOldest() {
			this.dropped = this.entries.removeFirst().order();
		}

	}

	/**
	 * A message a room keeps.
	 *
	 * @param order its id, to order by
	 * @param id its id as given
	 * @param message the message
	 */
	record Entry(MessageId order, String id, Message message) {

	}

	/**
	 * A room's messages after an id, and whether they are all it had.
	 *
	 * @param entries the messages, oldest first
	 * @param complete whether nothing after the id is missing
	 * @param newest the id of the room's newest message, or of the last one this node cannot give
	 */
	record Since(List<Entry> entries, boolean complete, MessageId newest) {

	}

}
