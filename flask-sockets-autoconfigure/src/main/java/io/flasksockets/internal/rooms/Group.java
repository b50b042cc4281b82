package io.flasksockets.internal.rooms;

import java.util.Set;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketGroup;
import io.flasksockets.broker.Address;
import org.jspecify.annotations.Nullable;

/**
 * The sockets of an address, perhaps but one, published to through the node's broker.
 */
record Group(Rooms rooms, Address address, @Nullable Socket except) implements SocketGroup {

	@Override
	public void send(String text) {
		publish(new Message.Text(text));
	}

	@Override
	public void send(byte[] data) {
		publish(new Message.Binary(data));
	}

	@Override
	public void send(Object value) {
		publish(this.rooms.toMessage(value));
	}

	private void publish(Message message) {
		this.rooms.publish(this.address, this.except, message);
	}

	@Override
	public SocketGroup except(Socket socket) {
		return new Group(this.rooms, this.address, socket);
	}

	@Override
	public Set<String> members() {
		return this.rooms.members(this.address);
	}

	@Override
	public long count() {
		long count = this.rooms.count(this.address);
		return (this.except != null && this.rooms.isMember(this.except, this.address)) ? count - 1 : count;
	}

}
