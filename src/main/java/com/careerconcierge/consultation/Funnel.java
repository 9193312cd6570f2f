package com.careerconcierge.consultation;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * The agency's funnel: how many users reach each step, per day (Asia/Tokyo) and channel.
 * Each step is a Prometheus counter with two low-cardinality tags ({@code event},
 * {@code channel}) and a field of {@code cc:{funnel}:<yyyy-MM-dd>} in Redis, kept 90
 * days, for the stats API. Counting is best effort: a failure is logged, never passed on,
 * since the turn it counts is committed already.
 */
@Service
public class Funnel {

	/** The steps, in the order users reach them. */
	public static final List<String> EVENTS = List.of("started", "concerns_done", "strengths_done", "role_chosen",
			"plan_delivered", "person_requested", "handoff_claimed", "rated", "booked", "attended", "no_show");

	static final String PREFIX = "cc:{funnel}:";

	private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

	private static final long RETENTION_DAYS = 90;

	/** Handoff waits kept per day for the percentiles. */
	private static final int MAX_WAITS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(Funnel.class);

	private final StringRedisTemplate redis;

	private final MeterRegistry meters;

	private final Clock clock;

	/**
	 * KEYS[1] the day's hash; ARGV[1] its lifetime in seconds, then the fields to count.
	 */
	private static final RedisScript<Long> COUNT = RedisScript.of("""
			for i = 2, #ARGV do
			  redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
			end
			redis.call('EXPIRE', KEYS[1], ARGV[1])
			return 0
			""", Long.class);

	/** KEYS[1] the day's list; ARGV the time to keep, how many are kept, the lifetime. */
	private static final RedisScript<Long> KEEP = RedisScript.of("""
			redis.call('RPUSH', KEYS[1], ARGV[1])
			redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
			redis.call('EXPIRE', KEYS[1], ARGV[3])
			return 0
			""", Long.class);

	/**
	 * The funnel's counters by channel and step (a registry lookup per step was not
	 * free).
	 */
	private final Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

	Funnel(StringRedisTemplate redis, MeterRegistry meters, Clock clock) {
		this.redis = redis;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Counts one user reaching steps.
	 * @param channel the user's channel
	 * @param events the steps, each one of {@link #EVENTS}, or {@code rating_<1-5>} or
	 * {@code missed_<stage>}
	 */
	public void count(String channel, String... events) {
		for (String event : events) {
			this.counters
				.computeIfAbsent(channel + ":" + event,
						(name) -> Counter.builder("concierge.funnel")
							.description("Users reaching each step of the consultation")
							.tag("event", event)
							.tag("channel", channel)
							.register(this.meters))
				.increment();
		}
		String key = PREFIX + LocalDate.now(this.clock.withZone(ZONE));
		String[] args = new String[events.length + 1];
		args[0] = Long.toString(TimeUnit.DAYS.toSeconds(RETENTION_DAYS + 1));
		for (int i = 0; i < events.length; i++) {
			args[i + 1] = channel + ":" + events[i];
		}
		try {
			// one round trip for the steps of one turn, on the shared connection (a
			// pipeline would open a connection of its own each time)
			this.redis.execute(COUNT, List.of(key), (Object[]) args);
		}
		catch (RuntimeException ex) {
			log.warn("Could not count {} on {} in the funnel: {}", String.join(",", events), channel, ex.toString());
		}
	}

	/**
	 * The funnel by day, newest last.
	 * @param days how many days back from today (Asia/Tokyo), 1–90
	 * @return one entry per day
	 */
	public List<Day> days(int days) {
		LocalDate today = LocalDate.now(this.clock.withZone(ZONE));
		List<Day> result = new ArrayList<>();
		for (int back = days - 1; back >= 0; back--) {
			LocalDate date = today.minusDays(back);
			Map<Object, Object> fields = this.redis.opsForHash().entries(PREFIX + date);
			Map<String, Map<String, Long>> byChannel = new TreeMap<>();
			Map<String, Long> total = new TreeMap<>();
			fields.forEach((field, value) -> {
				String[] parts = ((String) field).split(":", 2);
				if (parts.length == 2) {
					long n = Long.parseLong((String) value);
					byChannel.computeIfAbsent(parts[0], (c) -> new TreeMap<>()).merge(parts[1], n, Long::sum);
					total.merge(parts[1], n, Long::sum);
				}
			});
			long[] waits = sorted(PREFIX + date + ":waits");
			long[] replies = sorted(PREFIX + date + ":replies");
			long rated = 0;
			long points = 0;
			for (int stars = 1; stars <= 5; stars++) {
				long n = total.getOrDefault("rating_" + stars, 0L);
				rated += n;
				points += n * stars;
			}
			result.add(new Day(date.toString(), total, byChannel, waits.length, percentile(waits, 0.5),
					percentile(waits, 0.9), percentile(replies, 0.5), percentile(replies, 0.9),
					(rated > 0) ? (double) points / rated : null));
		}
		return result;
	}

	/**
	 * The stage a user moved to, as funnel steps.
	 * @param channel the user's channel
	 * @param before the stage before the turn, or null for a new user
	 * @param after the stage after it
	 */
	public void moved(String channel, Stage before, Stage after) {
		if (before == after) {
			return;
		}
		if (after == Stage.CONCERNS && (before == null || before == Stage.WELCOME || before == Stage.COMPLETED)) {
			count(channel, "started");
		}
		else if (before == Stage.CONCERNS && after == Stage.STRENGTHS) {
			count(channel, "concerns_done");
		}
		else if (before == Stage.STRENGTHS && after == Stage.TARGET_ROLE) {
			count(channel, "strengths_done");
		}
		else if (before == Stage.TARGET_ROLE && after == Stage.NEXT_STEPS) {
			count(channel, "role_chosen", "plan_delivered");
		}
		if (after == Stage.WAITING_FOR_AGENT) {
			count(channel, "person_requested");
		}
		else if (before == Stage.WAITING_FOR_AGENT && after == Stage.WITH_AGENT) {
			count(channel, "handoff_claimed");
		}
	}

	/**
	 * How long a user waited for an agent: kept per day (the last 10,000) for
	 * percentiles, and as the timer {@code concierge.handoff.wait}.
	 * @param channel the user's channel
	 * @param millis from the request to the claim
	 */
	public void waited(String channel, long millis) {
		keep(channel, millis, "concierge.handoff.wait", "How long users wait for an agent, request to claim", ":waits");
	}

	/**
	 * How long a user waited for an agent's first message: kept per day like the waits,
	 * and as the timer {@code concierge.handoff.first_reply}.
	 * @param channel the user's channel
	 * @param millis from the request to the agent's first message
	 */
	public void firstReplied(String channel, long millis) {
		keep(channel, millis, "concierge.handoff.first_reply",
				"How long users wait for an agent's first message, from the request", ":replies");
	}

	private void keep(String channel, long millis, String timer, String description, String suffix) {
		Timer.builder(timer)
			.description(description)
			.tag("channel", channel)
			.publishPercentiles(0.5, 0.9)
			.register(this.meters)
			.record(java.time.Duration.ofMillis(Math.max(0, millis)));
		String key = PREFIX + LocalDate.now(this.clock.withZone(ZONE)) + suffix;
		try {
			this.redis.execute(KEEP, List.of(key), Long.toString(Math.max(0, millis)), Integer.toString(MAX_WAITS),
					Long.toString(TimeUnit.DAYS.toSeconds(RETENTION_DAYS + 1)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not keep a handoff time ({}) on {}: {}", suffix, channel, ex.toString());
		}
	}

	/**
	 * A rating given.
	 * @param channel the user's channel
	 * @param rating 1–5
	 */
	public void rated(String channel, int rating) {
		count(channel, "rated", "rating_" + rating);
	}

	/**
	 * A message the bot did not understand, by stage.
	 * @param channel the user's channel
	 * @param stage where the user was
	 */
	public void missed(String channel, Stage stage) {
		count(channel, "missed_" + stage.name().toLowerCase(Locale.ROOT));
	}

	private long[] sorted(String key) {
		List<String> kept = this.redis.opsForList().range(key, 0, -1);
		return (kept != null) ? kept.stream().mapToLong(Long::parseLong).sorted().toArray() : new long[0];
	}

	/** The nearest-rank percentile of sorted values, or null for none. */
	private static Long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return null;
		}
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	/**
	 * One day of the funnel.
	 *
	 * @param date the day, Asia/Tokyo
	 * @param total counts by step over all channels
	 * @param channels counts by channel and step
	 * @param handoffs how many handoffs were claimed (their waits are below)
	 * @param waitP50 the median wait for an agent, ms, or null
	 * @param waitP90 the 90th percentile of it, ms, or null
	 * @param firstReplyP50 the median time from the request to the agent's first message,
	 * ms, or null
	 * @param firstReplyP90 the 90th percentile of it, ms, or null
	 * @param ratingAverage the average rating, or null if none was given
	 */
	public record Day(String date, Map<String, Long> total, Map<String, Map<String, Long>> channels, long handoffs,
			Long waitP50, Long waitP90, Long firstReplyP50, Long firstReplyP90, Double ratingAverage) {
	}

}
