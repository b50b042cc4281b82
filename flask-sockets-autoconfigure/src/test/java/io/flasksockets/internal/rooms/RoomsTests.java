package io.flasksockets.internal.rooms;

import java.util.Map;

import io.flasksockets.Message;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import io.flasksockets.broker.InMemorySocketBroker;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.Conversions;
import io.flasksockets.internal.socket.FakeConnection;
import io.flasksockets.internal.socket.TestSockets;
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
			new Conversions(new DefaultConversionService(), new JsonMapper()));

	private final TestSockets sockets = new TestSockets(this.rooms, Runnable::run);

	private final FakeConnection aliceConnection = new FakeConnection();

	private final FakeConnection bobConnection = new FakeConnection();

	private final BlockingSocket alice = this.sockets.open("alice", this.aliceConnection);

	private final BlockingSocket bob = this.sockets.open("bob", this.bobConnection);

	@Test
	void aMessageReachesTheMembersOfItsRoomOnly() {
		this.broker.start(this.rooms);
		this.alice.join("lobby");
		this.rooms.group(Address.room("lobby")).send("hello");
		assertThat(this.aliceConnection.written).containsExactly("hello");
		assertThat(this.bobConnection.written).isEmpty();
	}

	@Test
	void exceptLeavesOutOneSocket() {
		this.broker.start(this.rooms);
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
	void aGroupCountsTheSocketsOfEveryNode() {
		SocketBroker cluster = mock(SocketBroker.class);
		given(cluster.remoteCount(Address.room("lobby"))).willReturn(3L);
		Rooms clustered = new Rooms(cluster, new Conversions(new DefaultConversionService(), new JsonMapper()));
		new TestSockets(clustered, Runnable::run).open("carol", new FakeConnection()).join("lobby");
		assertThat(clustered.group(Address.room("lobby")).count()).isEqualTo(4);
	}

}
