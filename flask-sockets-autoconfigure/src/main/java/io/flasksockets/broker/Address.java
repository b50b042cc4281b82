package io.flasksockets.broker;

import org.springframework.util.Assert;

/**
 * Where a message goes: the members of a room, the sockets of a user, or every socket.
 *
 * @param kind what the name names
 * @param name the room's or the user's name; empty for every socket
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Address(Kind kind, String name) {

	private static final Address ALL = new Address(Kind.ALL, "");

	public Address {
		Assert.isTrue((kind == Kind.ALL) == name.isEmpty(), "Rooms and users have a name; all sockets do not");
	}

	/**
	 * Return the address of a room's members.
	 * @param name the room's name
	 * @return the address
	 */
	public static Address room(String name) {
		return new Address(Kind.ROOM, name);
	}

	/**
	 * Return the address of a user's sockets.
	 * @param name the principal's name
	 * @return the address
	 */
	public static Address user(String name) {
		return new Address(Kind.USER, name);
	}

	/**
	 * Return the address of every socket.
	 * @return the address
	 */
	public static Address all() {
		return ALL;
	}

	@Override
	public String toString() {
		return (this.kind == Kind.ALL) ? "all" : this.kind.name().toLowerCase() + ":" + this.name;
	}

	/**
	 * What an address names.
	 */
	public enum Kind {

		/** The members of a room. */
		ROOM,

		/** The sockets of a user. */
		USER,

		/** Every socket. */
		ALL

	}

}
