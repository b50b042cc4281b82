package io.flasksockets.internal.runtime;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketGroup;
import io.flasksockets.broker.Address;
import io.flasksockets.broker.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The sockets of an address, perhaps but one, published to through the server's broker.
 */
record Group(SocketServer server, Address address, @Nullable Socket except) implements SocketGroup {

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
		publish(this.server.conversions().toMessage(value));
	}

	private void publish(Message message) {
		this.server.publish(new Delivery(this.address, (this.except != null) ? this.except.id() : null, message));
	}

	@Override
	public SocketGroup except(Socket socket) {
		return new Group(this.server, this.address, socket);
	}

	@Override
	public long count() {
		long count = this.server.count(this.address);
		return (this.except != null && this.server.isMember(this.except, this.address)) ? count - 1 : count;
	}

}
