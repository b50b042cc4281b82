package io.flasksockets.internal.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buckets that all of a user's sockets of a route share: in this JVM, or on every node through a Bucket4j
 * {@link ProxyManager} (Redis, with the Redis broker).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public interface UserBuckets {

	/**
	 * Return the bucket of a key, created with the allowance if it has none; {@link #release(String)} it when the
	 * socket that uses it is finished.
	 * @param key the user's key, with its route
	 * @param allowance the bucket's size
	 * @return the bucket
	 * @throws RuntimeException if the buckets cannot be reached now
	 */
	Bucket acquire(String key, Allowance allowance);

	/**
	 * Stop using a bucket.
	 * @param key the key it was acquired with
	 */
	void release(String key);

	/**
	 * Return buckets kept in this JVM, each dropped once no socket uses it.
	 * @return the buckets
	 */
	static UserBuckets local() {
		return new Local();
	}

	/**
	 * Ask a bucket something; buckets that cannot be reached now limit nothing.
	 * @param call what to ask, such as how long to wait for a token
	 * @return the answer, or {@code 0} (no wait, allowed) if the buckets cannot be reached
	 */
	default long ask(LongSupplier call) {
		return call.getAsLong();
	}

	/**
	 * Return buckets kept where a proxy manager keeps them, shared by every node; they expire there on their own.
	 * @param proxies gives the proxy manager, or throws if it cannot be reached now
	 * @return the buckets
	 */
	static UserBuckets shared(Supplier<ProxyManager<String>> proxies) {
		return new Shared(proxies);
	}

	/**
	 * Buckets shared by every node, which fail open while they cannot be reached, and say so once each time.
	 */
	final class Shared implements UserBuckets {

		private static final Logger logger = LoggerFactory.getLogger(UserBuckets.class);

		private final Supplier<ProxyManager<String>> proxies;

		private final AtomicBoolean unreachable = new AtomicBoolean();

		private Shared(Supplier<ProxyManager<String>> proxies) {
			this.proxies = proxies;
		}

		@Override
		public Bucket acquire(String key, Allowance allowance) {
			return this.proxies.get().builder().build(key, allowance::configuration);
		}

		@Override
		public void release(String key) {
		}

		@Override
		public long ask(LongSupplier call) {
			try {
				long answer = call.getAsLong();
				if (this.unreachable.get() && this.unreachable.compareAndSet(true, false)) {
					logger.info("Users' rate limits are reached again");
				}
				return answer;
			}
			catch (RuntimeException ex) {
				if (this.unreachable.compareAndSet(false, true)) {
					logger.warn("A user's rate limit could not be reached; users are not limited until it can: {}",
							ex.toString());
				}
				return 0;
			}
		}

	}

	/**
	 * Buckets in this JVM, counted by the sockets that use them.
	 */
	final class Local implements UserBuckets {

		private final Map<String, Used> buckets = new ConcurrentHashMap<>();

		private Local() {
		}

		@Override
		public Bucket acquire(String key, Allowance allowance) {
			return this.buckets
				.compute(key, (name, used) -> (used != null) ? used.more()
						: new Used(allowance.bucket(), 1))
				.bucket();
		}

		@Override
		public void release(String key) {
			this.buckets.computeIfPresent(key, (name, used) -> (used.sockets() > 1) ? used.fewer() : null);
		}

		private record Used(Bucket bucket, int sockets) {

			Used more() {
				return new Used(this.bucket, this.sockets + 1);
			}

			Used fewer() {
				return new Used(this.bucket, this.sockets - 1);
			}

		}

	}

}
