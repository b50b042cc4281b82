/**
 * What the runtime reports about sockets and handshakes, and its Micrometer meters.
 *
 * <p>Internal: not an API. The runtime reports through {@link io.flasksockets.internal.telemetry.SocketMetrics};
 * the auto-configuration creates the Micrometer implementation when the application has a meter registry. Not an
 * extension point: the application's own beans of these types are not used.
 */
@NullMarked
package io.flasksockets.internal.telemetry;

import org.jspecify.annotations.NullMarked;
