package io.flasksockets.internal.connection;

/**
 * The bytes that messages may take on a whole node while they wait: received ones for their handlers, in the
 * inboxes of all its sockets together, and sent ones for the wire, in all their outboxes together.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class NodeBuffers {

	private final Inbox.Budget inbox;

	private final Outbox.Budget outbox;

	/**
	 * Create the budgets of a node.
	 * @param inboxLimit how many bytes (characters of text) received messages waiting for their handlers may take,
	 * or {@link Long#MAX_VALUE} for no limit
	 * @param outboxLimit how many bytes messages waiting to be written may take, or {@link Long#MAX_VALUE} for no
	 * limit
	 */
	public NodeBuffers(long inboxLimit, long outboxLimit) {
		this.inbox = new Inbox.Budget(inboxLimit);
		this.outbox = new Outbox.Budget(outboxLimit);
	}

	Inbox.Budget inbox() {
		return this.inbox;
	}

	Outbox.Budget outbox() {
		return this.outbox;
	}

	/**
	 * Return how many bytes (characters of text) received messages waiting for their handlers take.
	 * @return the bytes
	 */
	public long inboxBytes() {
		return this.inbox.used();
	}

	/**
	 * Return how many bytes messages waiting to be written take.
	 * @return the bytes
	 */
	public long outboxBytes() {
		return this.outbox.used();
	}

}
