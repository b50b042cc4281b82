package io.flasksockets.internal.runtime;

import java.util.Optional;

import io.flasksockets.Socket;
import io.flasksockets.SocketGroup;
import io.flasksockets.Sockets;
import io.flasksockets.broker.Address;
import io.flasksockets.internal.rooms.Rooms;

/**
 * The node's sockets as the application sees them.
 */
record NodeSockets(SocketRegistry registry, Rooms rooms) implements Sockets {

	@Override
	public int count() {
		return this.registry.count();
	}

	@Override
	public Optional<Socket> find(String id) {
		return this.registry.find(id).map(Socket.class::cast);
	}

	@Override
	public void broadcast(String text) {
		this.rooms.group(Address.all()).send(text);
	}

	@Override
	public void broadcast(Object value) {
		this.rooms.group(Address.all()).send(value);
	}

	@Override
	public SocketGroup room(String name) {
		return this.rooms.group(Address.room(name));
	}

	@Override
	public SocketGroup user(String name) {
		return this.rooms.group(Address.user(name));
	}

}
