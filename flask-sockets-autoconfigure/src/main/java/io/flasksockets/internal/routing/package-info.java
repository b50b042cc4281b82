/**
 * Route discovery and Flask path syntax: the internal routing of the blocking socket runtime.
 *
 * <p>Internal: not an API. Its public types are public for the auto-configuration only and may change in any
 * release.
 */
@NullMarked
package io.flasksockets.internal.routing;

import org.jspecify.annotations.NullMarked;
