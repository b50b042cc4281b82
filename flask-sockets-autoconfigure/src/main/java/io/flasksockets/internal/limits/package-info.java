/**
 * Rate limits: how fast a route's peers may send, per socket and per user, as token buckets, and what a socket past
 * them gets.
 *
 * <p>Internal: not an API. Each socket has one {@link io.flasksockets.internal.limits.Throttle}, made from its
 * route's {@link io.flasksockets.internal.limits.RateLimits}; the buckets of users are the node's
 * {@link io.flasksockets.internal.limits.UserBuckets}.
 */
@NullMarked
package io.flasksockets.internal.limits;

import org.jspecify.annotations.NullMarked;
