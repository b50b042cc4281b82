/**
 * The blocking socket runtime: Spring's callbacks turned into a {@code receive()} loop on one virtual thread
 * per socket.
 */
@NullMarked
package io.flasksockets.runtime;

import org.jspecify.annotations.NullMarked;
