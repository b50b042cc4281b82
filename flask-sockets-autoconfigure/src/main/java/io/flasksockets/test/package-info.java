/**
 * Testing support: a blocking WebSocket client with the same verbs as the server-side socket, and a factory of
 * them that knows the port of the application under test.
 */
@NullMarked
package io.flasksockets.test;

import org.jspecify.annotations.NullMarked;
