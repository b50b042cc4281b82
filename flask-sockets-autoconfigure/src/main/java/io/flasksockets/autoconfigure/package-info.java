/**
 * Auto-configuration for blocking-style WebSocket routes.
 */
@NullMarked
package io.flasksockets.autoconfigure;

import org.jspecify.annotations.NullMarked;
