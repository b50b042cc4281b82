/**
 * The blocking socket runtime: Spring's callbacks turned into a {@code receive()} loop on one virtual thread
 * per socket.
 *
 * <p>Internal: not an API. Its public types are public for the auto-configuration only and may change in any
 * release.
 */
@NullMarked
package io.flasksockets.internal.runtime;

import org.jspecify.annotations.NullMarked;
