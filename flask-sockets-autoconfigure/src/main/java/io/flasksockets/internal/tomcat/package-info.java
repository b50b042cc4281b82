/**
 * Sockets on Tomcat: each socket's connection (writes, aborts, suspended and resumed reading), the message buffers
 * of Tomcat's WebSocket container, and what Tomcat's version allows.
 *
 * <p>Internal: not an API. Reached only through {@link io.flasksockets.internal.runtime.Container}, which detects
 * the container once, and the auto-configuration; its classes load only when Tomcat is present.
 */
@NullMarked
package io.flasksockets.internal.tomcat;

import org.jspecify.annotations.NullMarked;
