package io.flasksockets.broker;

import java.util.Map;

import io.flasksockets.PresenceChange;

/**
 * The sockets of this node, as a {@link SocketBroker} sees them: where it hands the deliveries it carries, and
 * what it tells other nodes about presence.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface LocalSockets {

	/**
	 * Queue a message on each local socket of its address; never waits on a peer.
	 * @param delivery the delivery
	 */
	void deliver(Delivery delivery);

	/**
	 * Keep a room's message that was delivered before this node started, so that sockets that join again get it;
	 * nothing is sent. A broker that keeps messages recalls the most recent ones when it starts, oldest first.
	 * @param delivery the delivery, with its id
	 */
	void recall(Delivery delivery);

	/**
	 * Record that this node's history of rooms begins right after the given id: a socket that joins again with an
	 * older id is told it may have missed messages.
	 * @param id the id
	 */
	void historyBeginsAfter(String id);

	/**
	 * Tell the local sockets of a room, through their envelopes, that a socket joined or left it on some node;
	 * never waits on a peer.
	 * @param change the change
	 */
	void presenceChanged(PresenceChange change);

	/**
	 * Return how many local sockets each room and each user has, and how many there are in all
	 * ({@link Address#all()}).
	 * @return the counts, without addresses that have none
	 */
	Map<Address, Long> presence();

}
