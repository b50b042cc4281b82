package io.flasksockets.broker;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way to the sockets of an address, on every node.
 *
 * @param to where it goes
 * @param except the id of a socket it must not reach, such as the sender's, or {@code null}
 * @param message the message
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public record Delivery(Address to, @Nullable String except, Message message) {

}
