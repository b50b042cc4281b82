package io.flasksockets.internal.runtime;

import java.util.Optional;

import io.flasksockets.Socket;
import io.flasksockets.SocketGroup;
import io.flasksockets.Sockets;
import io.flasksockets.broker.Address;

/**
 * The server's sockets as the application sees them.
 */
record ServerSockets(SocketServer server) implements Sockets {

	@Override
	public int count() {
		return this.server.count();
	}

	@Override
	public Optional<Socket> find(String id) {
		return this.server.find(id);
	}

	@Override
	public void broadcast(String text) {
		all().send(text);
	}

	@Override
	public void broadcast(Object value) {
		all().send(value);
	}

	@Override
	public SocketGroup room(String name) {
		return new Group(this.server, Address.room(name), null);
	}

	@Override
	public SocketGroup user(String name) {
		return new Group(this.server, Address.user(name), null);
	}

	private SocketGroup all() {
		return new Group(this.server, Address.all(), null);
	}

}
