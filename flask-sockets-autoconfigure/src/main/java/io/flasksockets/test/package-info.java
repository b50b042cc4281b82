/**
 * Testing support: a blocking WebSocket client with the same verbs as the server-side socket.
 */
@NullMarked
package io.flasksockets.test;

import org.jspecify.annotations.NullMarked;
