package io.flasksockets.internal.rooms;

import java.util.Map;

import io.flasksockets.Envelope;
import io.flasksockets.Message;
import io.flasksockets.PresenceChange;
import io.flasksockets.Replay;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.InMemorySocketBroker;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.connection.FakeConnection;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.Conversions;
import io.flasksockets.internal.telemetry.SocketObservations;
import io.flasksockets.internal.socket.TestSockets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.support.DefaultConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link Rooms}: who is in which room, what is delivered to whom, and how many each address has.
 */
class RoomsTests {

	private final SocketBroker broker = new InMemorySocketBroker();

	private final Rooms rooms = new Rooms(this.broker,
			new Conversions(new DefaultConversionService(), new JsonMapper()),
			new ReplayWindow(100, 1000), SocketObservations.NONE);

	private final TestSockets sockets = new TestSockets(this.rooms, Runnable::run);

	private final FakeConnection aliceConnection = new FakeConnection();

	private final FakeConnection bobConnection = new FakeConnection();

	private final BlockingSocket alice = this.sockets.open("alice", this.aliceConnection);

	private final BlockingSocket bob = this.sockets.open("bob", this.bobConnection);

	@BeforeEach
	void startBroker() {
		this.broker.start(this.rooms);
	}

	@Test
	void aMessageReachesTheMembersOfItsRoomOnly() {
		this.alice.join("lobby");
		this.rooms.group(Address.room("lobby")).send("hello");
		assertThat(this.aliceConnection.written).containsExactly("hello");
		assertThat(this.bobConnection.written).isEmpty();
	}

	@Test
	void exceptLeavesOutOneSocket() {
		this.alice.join("lobby");
		this.bob.join("lobby");
		this.rooms.group(Address.room("lobby")).except(this.alice).send("from alice");
		assertThat(this.aliceConnection.written).isEmpty();
		assertThat(this.bobConnection.written).containsExactly("from alice");
		assertThat(this.rooms.group(Address.room("lobby")).except(this.alice).count()).isEqualTo(1);
	}

	@Test
	void aClosedMemberIsSkippedAndTheOthersStillGetTheMessage() {
		this.alice.join("lobby");
		this.bob.join("lobby");
		this.alice.close();
		this.rooms.deliver(new Delivery(Address.room("lobby"), null, new Message.Text("after")));
		assertThat(this.bobConnection.written).containsExactly("after");
		assertThat(this.aliceConnection.written).doesNotContain("after");
	}

	@Test
	void aSocketThatLeavesGetsNothingMoreAndEmptyRoomsAreForgotten() {
		this.alice.join("lobby");
		this.alice.leave("lobby");
		this.rooms.deliver(new Delivery(Address.room("lobby"), null, new Message.Text("gone")));
		assertThat(this.aliceConnection.written).isEmpty();
		assertThat(this.rooms.presence()).isEmpty();
	}

	@Test
	void presenceCountsTheLocalSocketsOfEachAddress() {
		this.alice.join("lobby");
		this.bob.join("lobby");
		this.bob.join("games");
		assertThat(this.rooms.presence())
			.isEqualTo(Map.of(Address.room("lobby"), 2L, Address.room("games"), 1L));
	}

	@Test
	void aSocketThatJoinsAgainGetsWhatItMissedFirstThenWhatComesWithNothingTwice() {
		this.alice.envelope((id, message) -> id + " " + ((Message.Text) message).text());
		this.alice.join("lobby");
		this.rooms.group(Address.room("lobby")).send("one");
		String seen = ((String) this.aliceConnection.written.getLast()).split(" ")[0];
		this.alice.leave("lobby");
		this.rooms.group(Address.room("lobby")).send("two");
		this.rooms.group(Address.room("lobby")).send("three");
		Replay replay = this.alice.join("lobby", seen);
		assertThat(replay.replayed()).isEqualTo(2);
		assertThat(replay.complete()).isTrue();
		this.rooms.group(Address.room("lobby")).send("four");
		assertThat(this.aliceConnection.written).extracting((text) -> ((String) text).split(" ")[1])
			.containsExactly("one", "two", "three", "four");
		assertThat(this.alice.join("lobby", seen).replayed()).as("joined already").isZero();
		assertThat(this.aliceConnection.written).hasSize(4);
	}

	@Test
	void aSocketThatSawNoMessageJoinsAgainWithTheRoomsLastIdAndMissesNothing() {
		this.alice.envelope((id, message) -> ((Message.Text) message).text());
		this.rooms.group(Address.room("lobby")).send("before");
		String lastId = this.alice.join("lobby", null).lastId();
		this.alice.leave("lobby");
		this.rooms.group(Address.room("lobby")).send("while away");
		this.alice.join("lobby", lastId);
		assertThat(this.aliceConnection.written).containsExactly("while away");
	}

	@Test
	void aSocketWhosePeerSawMessagesThisNodeHasNotDeliveredYetIsNotSentThemTwice() {
		// Ids after the in-memory broker's epoch, as another node's deliveries would be
		this.alice.envelope((id, message) -> id + " " + ((Message.Text) message).text());
		this.rooms.recall(delivery("9000000000000-1", "one"));
		assertThat(this.alice.join("lobby", "9000000000000-3"))
			.isEqualTo(new Replay(0, true, "9000000000000-3"));
		this.rooms.deliver(delivery("9000000000000-2", "two"));
		this.rooms.deliver(delivery("9000000000000-3", "three"));
		this.rooms.deliver(delivery("9000000000000-4", "four"));
		assertThat(this.aliceConnection.written).containsExactly("9000000000000-4 four");
	}

	private static Delivery delivery(String id, String text) {
		return new Delivery(Address.room("lobby"), null, new Message.Text(text)).withId(id);
	}

	@Test
	void anIdFromAnotherEpochIsReportedMissed() {
		this.rooms.group(Address.room("lobby")).send("one");
		Replay replay = this.alice.join("lobby", "1-5");
		assertThat(replay.replayed()).isEqualTo(1);
		assertThat(replay.complete()).isFalse();
	}

	@Test
	void membersOfARoomAreToldWhoJoinsAndLeaves() {
		this.alice.envelope(new Envelope() {

			@Override
			public Object message(String id, Message message) {
				return message;
			}

			@Override
			public Object presence(PresenceChange change) {
				return change.kind() + " " + change.count();
			}

		});
		this.alice.join("lobby");
		this.bob.join("lobby");
		this.bob.leave("lobby");
		assertThat(this.aliceConnection.written).containsExactly("JOINED 1", "JOINED 2", "LEFT 1");
		assertThat(this.bobConnection.written).isEmpty();
	}

	@Test
	void aGroupCountsTheSocketsOfEveryNode() {
		SocketBroker cluster = mock(SocketBroker.class);
		given(cluster.remoteCount(Address.room("lobby"))).willReturn(3L);
		Rooms clustered = new Rooms(cluster, new Conversions(new DefaultConversionService(), new JsonMapper()),
				new ReplayWindow(100, 1000), SocketObservations.NONE);
		new TestSockets(clustered, Runnable::run).open("carol", new FakeConnection()).join("lobby");
		assertThat(clustered.group(Address.room("lobby")).count()).isEqualTo(4);
	}

}
