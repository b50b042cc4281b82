/**
 * Route discovery and Flask path syntax: the internal routing of the blocking socket runtime.
 */
@NullMarked
package io.flasksockets.routing;

import org.jspecify.annotations.NullMarked;
