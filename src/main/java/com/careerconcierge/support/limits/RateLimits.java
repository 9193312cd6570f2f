package com.careerconcierge.support.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Named rate limits (token buckets from Bucket4j), one bucket per key: a client address,
 * a chat session, an agent. A module asks for its limiter with the default it wants;
 * {@code concierge.limits.<name>.capacity} and {@code .per} override it. Buckets live in
 * this instance's memory, bounded and forgotten once idle, so with N instances behind a
 * balancer a client may get up to N times the limit.
 */
public class RateLimits {

	/** Keys remembered per limiter; beyond, the least recently used are forgotten. */
	private static final int MAX_KEYS = 100_000;

	private final Settings settings;

	private final MeterRegistry meters;

	public RateLimits(Settings settings, MeterRegistry meters) {
		this.settings = settings;
		this.meters = meters;
	}

	/**
	 * The limiter of one name.
	 * @param name e.g. {@code session-creations}
	 * @param defaults what applies unless configured
	 * @return the limiter
	 */
	public Limiter limiter(String name, Limit defaults) {
		Limit limit = this.settings.limits().getOrDefault(name, defaults);
		if (!limit.enabled()) {
			return Limiter.UNLIMITED;
		}
		Counter refused = Counter.builder("concierge.limits.refused")
			.description("Requests refused by a rate limit")
			.tag("limit", name)
			.register(this.meters);
		return new BucketLimiter(limit, refused);
	}

	/**
	 * Settings of every named limit.
	 *
	 * @param limits by name; a capacity of 0 turns a limit off
	 */
	@ConfigurationProperties("concierge")
	public record Settings(@DefaultValue Map<String, Limit> limits) {
	}

	/**
	 * A token bucket: {@code capacity} requests at once, refilled evenly over
	 * {@code per}.
	 *
	 * @param capacity the most requests at once; 0 means unlimited
	 * @param per how long it takes to refill the whole capacity
	 */
	public record Limit(long capacity, Duration per) {

		public Limit {
			if (capacity < 0) {
				throw new IllegalArgumentException("A rate limit's capacity cannot be negative");
			}
			if (capacity > 0 && (per == null || per.isZero() || per.isNegative())) {
				throw new IllegalArgumentException("A rate limit needs a positive period ('per')");
			}
		}

		public static Limit of(long capacity, Duration per) {
			return new Limit(capacity, per);
		}

		boolean enabled() {
			return this.capacity > 0;
		}

	}

	/**
	 * Takes one token for a key.
	 */
	public interface Limiter {

		/** A limiter that never refuses. */
		Limiter UNLIMITED = new Limiter() {

			@Override
			public Duration take(String key) {
				return Duration.ZERO;
			}

			@Override
			public Duration peek(String key) {
				return Duration.ZERO;
			}

		};

		/**
		 * Takes a token if there is one.
		 * @param key whose bucket
		 * @return zero when taken; else how long until one is free
		 */
		Duration take(String key);

		/**
		 * Whether a token is free, without taking it.
		 * @param key whose bucket
		 * @return zero when one is free; else how long until one is
		 */
		Duration peek(String key);

		/**
		 * Takes a token or refuses.
		 * @param key whose bucket
		 * @param what what was refused, for the answer
		 * @throws TooManyRequestsException when the bucket is empty
		 */
		default void require(String key, String what) {
			Duration wait = take(key);
			if (!wait.isZero()) {
				throw new TooManyRequestsException(what, wait);
			}
		}

	}

	private static final class BucketLimiter implements Limiter {

		private final Limit limit;

		private final Counter refused;

		private final Cache<String, Bucket> buckets;

		BucketLimiter(Limit limit, Counter refused) {
			this.limit = limit;
			this.refused = refused;
			// A bucket idle for its whole period is full again: forgetting it changes
			// nothing.
			this.buckets = Caffeine.newBuilder()
				.maximumSize(MAX_KEYS)
				.expireAfterAccess(limit.per().toNanos(), TimeUnit.NANOSECONDS)
				.build();
		}

		@Override
		public Duration peek(String key) {
			Bucket bucket = this.buckets.getIfPresent(key);
			if (bucket == null) {
				return Duration.ZERO;
			}
			EstimationProbe probe = bucket.estimateAbilityToConsume(1);
			return probe.canBeConsumed() ? Duration.ZERO
					: Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1));
		}

		@Override
		public Duration take(String key) {
			Bucket bucket = this.buckets.get(key,
					(k) -> Bucket.builder()
						.addLimit(Bandwidth.builder()
							.capacity(this.limit.capacity())
							.refillGreedy(this.limit.capacity(), this.limit.per())
							.build())
						.build());
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			if (probe.isConsumed()) {
				return Duration.ZERO;
			}
			this.refused.increment();
			return Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1));
		}

	}

}
