package io.flasksockets.internal.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flasksockets.broker.Address;

/**
 * Which local sockets are in each room and belong to each user.
 */
final class Memberships {

	private final Map<Address, Set<ServerSocket>> members = new ConcurrentHashMap<>();

	void add(Address address, ServerSocket socket) {
		this.members.computeIfAbsent(address, (key) -> ConcurrentHashMap.newKeySet()).add(socket);
	}

	void remove(Address address, ServerSocket socket) {
		this.members.computeIfPresent(address, (key, sockets) -> {
			sockets.remove(socket);
			return sockets.isEmpty() ? null : sockets;
		});
	}

	/**
	 * Return the local sockets of a room or a user.
	 */
	Set<ServerSocket> of(Address address) {
		return this.members.getOrDefault(address, Set.of());
	}

	/**
	 * Return how many local sockets each room and user has.
	 */
	Map<Address, Set<ServerSocket>> all() {
		return this.members;
	}

}
