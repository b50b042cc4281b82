/**
 * The {@link io.flasksockets.broker.SocketBroker} SPI, which carries room, user and broadcast messages to the
 * sockets of every node, with an in-memory broker for one node and a Redis broker for many.
 */
@NullMarked
package io.flasksockets.broker;

import org.jspecify.annotations.NullMarked;
