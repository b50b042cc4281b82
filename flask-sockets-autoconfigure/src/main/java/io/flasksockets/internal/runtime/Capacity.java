package io.flasksockets.internal.runtime;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * How many sockets a node takes, how many of them may compress, how many one peer address may open, and how many
 * bytes the messages waiting for handlers, and those waiting to be written, may take together: as the application
 * sets them, or planned from a share of the maximum heap and what a socket is measured to cost on the container.
 * Half of the planned share goes to idle sockets, a quarter to what compression adds to them, an eighth to
 * received messages and an eighth to messages to send.
 *
 * @param maxConnections how many sockets may be open at once, or -1 for no limit
 * @param maxCompressedConnections how many sockets may compress at once, or -1 for no limit; beyond it a
 * handshake that offers compression gets a socket without
 * @param maxConnectionsPerAddress how many sockets one peer address may have open at once, or -1 for no limit
 * @param inboxBudget how many bytes (characters of text) waiting messages may take on the node, or
 * {@link Long#MAX_VALUE} for no limit
 * @param outboxBudget how many bytes messages waiting to be written may take on the node, or
 * {@link Long#MAX_VALUE} for no limit
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Capacity(int maxConnections, int maxCompressedConnections, int maxConnectionsPerAddress,
		long inboxBudget, long outboxBudget) {

	/**
	 * A capacity without limits.
	 */
	public static final Capacity UNLIMITED = new Capacity(-1, -1, -1, Long.MAX_VALUE, Long.MAX_VALUE);

	/**
	 * Plan a node's capacity, taking what the application sets as it is and planning the rest.
	 * @param container the container, whose sockets cost what was measured on it
	 * @param maxHeap the maximum heap, in bytes
	 * @param heapShare the share of the maximum heap to plan for, between 0 and 1
	 * @param maxConnections the application's limit, or {@code null} to plan it
	 * @param maxCompressedConnections the application's limit, or {@code null} to plan it
	 * @param maxConnectionsPerAddress the application's limit, or {@code null} for none
	 * @param inboxBudget the application's budget for received messages, or {@code null} to plan it
	 * @param outboxBudget the application's budget for messages to send, or {@code null} to plan it
	 * @return the capacity
	 */
	public static Capacity plan(Container container, long maxHeap, double heapShare, @Nullable Integer maxConnections,
			@Nullable Integer maxCompressedConnections, @Nullable Integer maxConnectionsPerAddress,
			@Nullable DataSize inboxBudget, @Nullable DataSize outboxBudget) {
		long planned = (long) (maxHeap * heapShare);
		return new Capacity(
				(maxConnections != null) ? maxConnections : count(planned / 2, container.idleSocketCost()),
				(maxCompressedConnections != null) ? maxCompressedConnections
						: count(planned / 4, container.compressionCost()),
				(maxConnectionsPerAddress != null) ? maxConnectionsPerAddress : -1,
				(inboxBudget != null) ? inboxBudget.toBytes() : planned / 8,
				(outboxBudget != null) ? outboxBudget.toBytes() : planned / 8);
	}

	private static int count(long bytes, DataSize each) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / each.toBytes()));
	}

}
