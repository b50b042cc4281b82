package io.flasksockets.internal.rooms;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RoomHistory}: what a room keeps, and when a replay is complete.
 */
class RoomHistoryTests {

	private final RoomHistory history = new RoomHistory(3, 5);

	@Test
	void aReplayGivesTheMessagesAfterTheIdInOrderAndIsCompleteWhileTheRoomHoldsThem() {
		this.history.beginsAfter("10-0");
		add("lobby", "11-0", "11-1", "12-0");
		RoomHistory.Since since = since("lobby", "11-0");
		assertThat(since.entries()).extracting(RoomHistory.Entry::id).containsExactly("11-1", "12-0");
		assertThat(since.complete()).isTrue();
		assertThat(since("lobby", "12-0").entries()).isEmpty();
		assertThat(since("lobby", "12-0").complete()).isTrue();
	}

	@Test
	void anIdFromBeforeThisNodesHistoryIsIncomplete() {
		this.history.beginsAfter("10-0");
		add("lobby", "11-0");
		assertThat(since("lobby", "9-5").complete()).isFalse();
		assertThat(since("lobby", "9-5").entries()).extracting(RoomHistory.Entry::id).containsExactly("11-0");
		assertThat(since("lobby", "10-0").complete()).isTrue();
	}

	@Test
	void anIdOlderThanARoomsWindowIsIncomplete() {
		add("lobby", "1-0", "2-0", "3-0", "4-0");
		assertThat(since("lobby", "1-0").complete()).as("1-0 was let go: 2-0 is still there").isTrue();
		assertThat(since("lobby", "0-5").complete()).isFalse();
		assertThat(since("lobby", "0-5").entries()).extracting(RoomHistory.Entry::id)
			.containsExactly("2-0", "3-0", "4-0");
	}

	@Test
	void theRoomLeastRecentlySentToLetsGoWholeWhenAllRoomsHoldTooMuch() {
		add("quiet", "1-0", "2-0");
		add("busy", "3-0", "4-0", "5-0");
		add("busy", "6-0");
		assertThat(since("busy", "5-0").entries()).extracting(RoomHistory.Entry::id).containsExactly("6-0");
		add("other", "7-0");
		assertThat(since("quiet", "2-0").complete()).as("quiet let go, up to 2-0 at least").isTrue();
		assertThat(since("quiet", "1-0").complete()).isFalse();
		assertThat(since("never", "1-0").complete()).isFalse();
	}

	@Test
	void anIdThatIsNotOneIsIncomplete() {
		add("lobby", "1-0");
		assertThat(since("lobby", "yesterday").complete()).isFalse();
		assertThat(since("lobby", "yesterday").entries()).isEmpty();
	}

	@Test
	void theNewestIdIsTheRoomsLastMessageOrWhereItsHistoryBegins() {
		this.history.beginsAfter("10-0");
		assertThat(since("lobby", null).newest()).hasToString("10-0");
		add("lobby", "11-0", "11-1");
		assertThat(since("lobby", null).newest()).hasToString("11-1");
		assertThat(since("other", "11-1").newest()).hasToString("10-0");
	}

	private RoomHistory.Since since(String room, @Nullable String id) {
		return this.history.since(room, MessageId.tryParse(id));
	}

	private void add(String room, String... ids) {
		for (String id : ids) {
			this.history.add(room, id, new Message.Text(room + " " + id));
		}
	}

}
