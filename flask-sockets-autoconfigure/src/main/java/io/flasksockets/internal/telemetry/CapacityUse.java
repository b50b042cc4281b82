package io.flasksockets.internal.telemetry;

/**
 * How close a node is to each limit of its capacity.
 *
 * @param open how many sockets are open
 * @param maxConnections how many may be open at once, or -1 for no limit
 * @param compressed how many open sockets compress
 * @param maxCompressedConnections how many may compress at once, or -1 for no limit
 * @param maxConnectionsPerAddress how many one peer address may have open at once, or -1 for no limit
 * @param inboxBytes how many bytes (characters of text) received messages waiting for their handlers take
 * @param inboxBudget how many they may take before reading pauses, or {@link Long#MAX_VALUE} for no limit
 * @param outboxBytes how many bytes messages waiting to be written take
 * @param outboxBudget how many they may take before sockets that do not keep up are cut off, or
 * {@link Long#MAX_VALUE} for no limit
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record CapacityUse(int open, int maxConnections, int compressed, int maxCompressedConnections,
		int maxConnectionsPerAddress, long inboxBytes, long inboxBudget, long outboxBytes, long outboxBudget) {

}
