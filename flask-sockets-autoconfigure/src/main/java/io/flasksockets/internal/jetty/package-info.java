/**
 * Sockets on Jetty 12 (EE 11): the upgrade strategy and listener through which Jetty delivers parts on demand, and
 * each socket's connection.
 *
 * <p>Internal: not an API. Reached only through {@link io.flasksockets.internal.runtime.Container}, which detects
 * the container once; its classes load only when Jetty is present.
 */
@NullMarked
package io.flasksockets.internal.jetty;

import org.jspecify.annotations.NullMarked;
