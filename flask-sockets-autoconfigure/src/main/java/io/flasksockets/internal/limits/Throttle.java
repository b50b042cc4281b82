package io.flasksockets.internal.limits;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

import io.flasksockets.RateLimit;
import io.github.bucket4j.Bucket;
import io.flasksockets.internal.telemetry.SocketMetrics;
import org.jspecify.annotations.Nullable;

/**
 * One socket's rate limits, counted as its handler receives each message: its own buckets of messages and bytes,
 * and its user's buckets of messages and bytes, shared with the user's other sockets of the route. Past a limit it
 * either waits until the buckets allow the message, on the handler's thread, until the socket closes, and at most
 * {@link #MAX_WAIT}, or says that the socket is to close. A user's bucket that cannot be reached (Redis down)
 * limits nothing until it can ({@link UserBuckets#ask}).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class Throttle {

	/**
	 * The longest one message waits for the buckets; a message that would wait longer closes its socket with 1008.
	 */
	public static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private static final long SLICE_NANOS = Duration.ofMillis(100).toNanos();

	/**
	 * A throttle that limits nothing.
	 */
	public static final Throttle NONE = new Throttle(RateLimits.NONE, SocketMetrics.RouteMetrics.NONE, null, null,
			null, null);

	private final RateLimit.Policy policy;

	private final @Nullable Bucket messages;

	private final @Nullable Bucket bytes;

	private final @Nullable UserBucket userMessages;

	private final @Nullable UserBucket userBytes;

	private final SocketMetrics.RouteMetrics metrics;


	private volatile long limited;

	private Throttle(RateLimits limits, SocketMetrics.RouteMetrics metrics, @Nullable Bucket messages,
			@Nullable Bucket bytes, @Nullable UserBucket userMessages, @Nullable UserBucket userBytes) {
		this.policy = limits.policy();
		this.metrics = metrics;
		this.messages = messages;
		this.bytes = bytes;
		this.userMessages = userMessages;
		this.userBytes = userBytes;
	}

	/**
	 * Return the throttle of a socket.
	 * @param limits its route's limits
	 * @param metrics its route's metrics
	 * @param users the node's buckets of users
	 * @param route its route's pattern
	 * @param user the name of its principal, or {@code null}: a socket without one has no user's limit
	 * @return the throttle
	 */
	public static Throttle of(RateLimits limits, SocketMetrics.RouteMetrics metrics, UserBuckets users, String route,
			@Nullable String user) {
		if (!limits.isLimited()) {
			return NONE;
		}
		return new Throttle(limits, metrics, bucket(limits.messages()), bucket(limits.bytes()),
				userBucket(users, limits.userMessages(), route, user, "messages"),
				userBucket(users, limits.userBytes(), route, user, "bytes"));
	}

	private static @Nullable UserBucket userBucket(UserBuckets users, Allowance allowance, String route,
			@Nullable String user, String counted) {
		return (user != null && allowance.isLimited())
				? new UserBucket(users, route + "|" + user + "|" + counted, allowance) : null;
	}

	private static @Nullable Bucket bucket(Allowance allowance) {
		return allowance.isLimited() ? allowance.bucket() : null;
	}

	/**
	 * Count a message the handler is about to receive.
	 * @param size its size, text in characters ({@link io.flasksockets.internal.connection.PayloadSize#counted})
	 * @param closed whether the socket has closed meanwhile, which ends a wait
	 * @return {@code true} to hand it to the handler, after waiting as long as the limits ask; {@code false} if
	 * the socket is past a limit and its policy closes it, or the wait would pass {@link #MAX_WAIT}
	 */
	public boolean admit(long size, BooleanSupplier closed) {
		if (this == NONE) {
			return true;
		}
		return (this.policy == RateLimit.Policy.CLOSE) ? tryTake(size) : waitFor(size, closed);
	}

	private boolean tryTake(long size) {
		boolean allowed = (this.messages == null || this.messages.tryConsume(1))
				&& (this.bytes == null || size == 0 || this.bytes.tryConsume(size))
				&& (this.userMessages == null || this.userMessages.ask((bucket) -> bucket.tryConsume(1) ? 0L : 1L) == 0)
				&& (this.userBytes == null || size == 0
						|| this.userBytes.ask((bucket) -> bucket.tryConsume(size) ? 0L : 1L) == 0);
		if (!allowed) {
			this.limited++;
			this.metrics.rateLimited(this.policy);
		}
		return allowed;
	}

	private boolean waitFor(long size, BooleanSupplier closed) {
		long wait = 0;
		if (this.messages != null) {
			wait = this.messages.consumeIgnoringRateLimits(1);
		}
		if (this.bytes != null && size > 0) {
			wait = Math.max(wait, this.bytes.consumeIgnoringRateLimits(size));
		}
		if (this.userMessages != null) {
			wait = Math.max(wait, this.userMessages.ask((bucket) -> bucket.consumeIgnoringRateLimits(1)));
		}
		if (this.userBytes != null && size > 0) {
			wait = Math.max(wait, this.userBytes.ask((bucket) -> bucket.consumeIgnoringRateLimits(size)));
		}
		if (wait > 0) {
			this.limited++;
			if (wait > MAX_WAIT.toNanos()) {
				// So far in debt (a huge message, or a user's many sockets) that waiting would hold the socket for long
				this.metrics.rateLimited(RateLimit.Policy.CLOSE);
				return false;
			}
			this.metrics.rateLimited(this.policy);
			long until = System.nanoTime() + wait;
			for (long left = wait; left > 0 && !Thread.currentThread().isInterrupted() && !closed.getAsBoolean();
					left = until - System.nanoTime()) {
				// In slices, so that a socket that closes meanwhile ends the wait
				LockSupport.parkNanos(this, Math.min(left, SLICE_NANOS));
			}
		}
		return true;
	}

	/**
	 * Return how many of the socket's messages met a limit: waited, or closed it.
	 * @return the count
	 */
	public long limited() {
		return this.limited;
	}

	/**
	 * Stop using the user's bucket, once the socket is finished.
	 */
	public void release() {
		if (this.userMessages != null) {
			this.userMessages.release();
		}
		if (this.userBytes != null) {
			this.userBytes.release();
		}
	}

	/**
	 * The user's bucket, acquired on first use (the buckets may not be reachable yet) and released once, by the
	 * socket's handler thread.
	 */
	private static final class UserBucket {

		private final UserBuckets users;

		private final String key;

		private final Allowance allowance;

		private @Nullable Bucket bucket;

		private boolean released;

		UserBucket(UserBuckets users, String key, Allowance allowance) {
			this.users = users;
			this.key = key;
			this.allowance = allowance;
		}

		/**
		 * Ask the bucket something, acquiring it first if need be; one that cannot be reached limits nothing.
		 */
		long ask(ToLongFunction<Bucket> call) {
			return this.users.ask(() -> {
				if (this.bucket == null) {
					this.bucket = this.users.acquire(this.key, this.allowance);
				}
				return call.applyAsLong(this.bucket);
			});
		}

		void release() {
			if (this.bucket != null && !this.released) {
				this.released = true;
				this.users.release(this.key);
			}
		}

	}

}
