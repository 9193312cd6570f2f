package com.careerconcierge.consultation.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.careerconcierge.consultation.ConsultationProperties;
import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.TranscriptTurn;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Sessions and transcripts in Redis. All keys of one user share the hash tag
 * {@code {channel:userId}}, so the Lua scripts below touch them atomically, on a cluster
 * too:
 * <ul>
 * <li>{@code cc:{…}:session} — the {@link Session} as JSON (string, TTL = session
 * TTL)</li>
 * <li>{@code cc:{…}:transcript} — turns as JSON, newest last (list, bounded, same
 * TTL)</li>
 * <li>{@code cc:{…}:lock} — the per-user lock: a random token (string, TTL = lock
 * lease)</li>
 * <li>{@code cc:{…}:seen} — platform event ids already handled, scored by time, older
 * ones trimmed (sorted set, TTL = dedup TTL)</li>
 * </ul>
 * A message takes the lock and reads the session in one round trip, and writes everything
 * and releases the lock in another, which only succeeds while the lock is still its own
 * (fencing).
 */
@Component
class RedisSessions {

	private static final RedisScript<List> LOCK_AND_LOAD = RedisScript.of("""
			if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
			local seen = 0
			if ARGV[3] ~= '' and redis.call('ZSCORE', KEYS[3], ARGV[3]) then seen = 1 end
			return {redis.call('GET', KEYS[2]) or '', seen}
			""", List.class);

	private static final RedisScript<List> SAVE_AND_UNLOCK = RedisScript.of(RedisOutbox.APPEND_FUNCTION + """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {-1} end
			redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
			local id = append(KEYS[5], KEYS[6], KEYS[7], ARGV[8], ARGV[3], ARGV[9], ARGV[10])
			if #ARGV > 14 then
			  redis.call('RPUSH', KEYS[3], unpack(ARGV, 15))
			  redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
			  redis.call('EXPIRE', KEYS[3], ARGV[3])
			end
			if ARGV[6] ~= '' then
			  redis.call('ZADD', KEYS[4], ARGV[7], ARGV[6])
			  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[7]) - tonumber(ARGV[5]))
			  redis.call('PEXPIRE', KEYS[4], ARGV[5])
			end
			redis.call('DEL', KEYS[1])
			if id == 0 or ARGV[14] == '' then return {id, 0} end
			return {id, unpack(start(KEYS[8], KEYS[7], KEYS[5], KEYS[9], ARGV[11], ARGV[12], ARGV[13], ARGV[14]))}
			""", List.class);

	private static final RedisScript<List> ERASE_AND_UNLOCK = RedisScript.of(RedisOutbox.APPEND_FUNCTION + """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {-1} end
			redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
			if ARGV[3] ~= '' then
			  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
			  redis.call('PEXPIRE', KEYS[4], ARGV[2])
			end
			local id = append(KEYS[5], KEYS[6], KEYS[7], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
			redis.call('DEL', KEYS[1])
			if id == 0 or ARGV[12] == '' then return {id, 0} end
			return {id, unpack(start(KEYS[8], KEYS[7], KEYS[5], KEYS[9], ARGV[9], ARGV[10], ARGV[11], ARGV[12]))}
			""", List.class);

	/** Deletes a lock or lease (KEYS[1]) only if ARGV[1] still holds it. */
	static final RedisScript<Long> UNLOCK = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final ConsultationProperties properties;

	private final Clock clock;

	/**
	 * While another message holds the user's lock: try again after 2 ms, then twice as
	 * long each time (randomised by half, so waiters spread out), at most 50 ms apart,
	 * until the lock wait is over; a Redis failure is not retried (it answers 503).
	 */
	private final Retry lockRetry = Retry.of("conversation-lock", RetryConfig.<Locked>custom()
		.maxAttempts(Integer.MAX_VALUE)
		.intervalFunction(
				IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(2), 2.0, 0.5, Duration.ofMillis(50)))
		.retryOnResult(Objects::isNull)
		.retryOnException((ex) -> false)
		.build());

	private final RedisOutbox outbox;

	RedisSessions(StringRedisTemplate redis, ObjectMapper json, ConsultationProperties properties, RedisOutbox outbox,
			Clock clock) {
		this.redis = redis;
		this.outbox = outbox;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Several of the user's keys, the hash tag built once (this is every message's path).
	 */
	private static List<String> keys(ConversationKey key, String... names) {
		String prefix = "cc:" + key.hashTag() + ":";
		List<String> keys = new ArrayList<>(names.length);
		for (String name : names) {
			keys.add(prefix + name);
		}
		return keys;
	}

	static String sessionKey(ConversationKey key) {
		return "cc:" + key.hashTag() + ":session";
	}

	static String transcriptKey(ConversationKey key) {
		return "cc:" + key.hashTag() + ":transcript";
	}

	static String lockKey(ConversationKey key) {
		return "cc:" + key.hashTag() + ":lock";
	}

	/**
	 * Whether a session is stored for the key.
	 * @param key the conversation
	 * @return true if it exists
	 */
	public boolean exists(ConversationKey key) {
		return Boolean.TRUE.equals(this.redis.hasKey(sessionKey(key)));
	}

	/**
	 * Reads the session without taking the lock (for notices that change nothing).
	 * @param key the conversation
	 * @return the session, or null if none is stored
	 */
	public Session find(ConversationKey key) {
		String stored = this.redis.opsForValue().get(sessionKey(key));
		return (stored != null) ? read(stored) : null;
	}

	/**
	 * The user's transcript, oldest turn first.
	 * @param key the conversation
	 * @return the turns kept
	 */
	public List<TranscriptTurn> transcript(ConversationKey key) {
		List<String> stored = this.redis.opsForList().range(transcriptKey(key), 0, -1);
		List<TranscriptTurn> turns = new ArrayList<>((stored != null) ? stored.size() : 0);
		if (stored != null) {
			for (String turn : stored) {
				try {
					turns.add(this.json.readValue(turn, TranscriptTurn.class));
				}
				catch (JsonProcessingException ex) {
					throw new IllegalStateException("Stored transcript turn is not readable", ex);
				}
			}
		}
		return turns;
	}

	/**
	 * Takes the user's lock, waiting up to the configured time, and reads the session.
	 * @param key the conversation
	 * @param eventId the platform event id, or null
	 * @return the lock with what was stored
	 * @throws ConversationBusyException if the lock could not be had in time
	 */
	public Locked lock(ConversationKey key, String eventId) {
		String token = UUID.randomUUID().toString();
		List<String> keys = keys(key, "lock", "session", "seen");
		long deadline = System.nanoTime() + this.properties.lockWait().toNanos();
		return this.lockRetry.executeSupplier(() -> {
			List<?> result = this.redis.execute(LOCK_AND_LOAD, keys, token,
					String.valueOf(this.properties.lockLease().toMillis()), (eventId != null) ? eventId : "");
			// A held lock comes back as a nil reply ([null] through the list result
			// type).
			if (result != null && result.size() == 2 && result.get(0) != null) {
				String stored = (String) result.get(0);
				boolean seen = ((Number) result.get(1)).longValue() == 1;
				return new Locked(key, token, stored.isEmpty() ? null : read(stored), seen);
			}
			if (System.nanoTime() > deadline) {
				throw new ConversationBusyException("Conversation " + key + " is busy");
			}
			return null; // held: tried again after the policy's pause
		});
	}

	/**
	 * Stores the session, appends turns to the transcript, marks the event as handled and
	 * releases the lock, all at once, or nothing if the lock was lost meanwhile.
	 * @param locked the lock from {@link #lock}
	 * @param session the session to store
	 * @param turns transcript entries to append
	 * @param eventId the platform event id, or null
	 * @param message the outbox entry of what the turn said ("" for nothing)
	 * @param handedBack whether the request's response delivers it (the web chat)
	 * @param history whether the channel keeps delivered messages (the web chat), also
	 * when this one is not handed back (a reminder, an agent's turn)
	 * @param start how the message's delivery starts
	 * @return the message's id in the outbox (0 if nothing was said) and, if the commit
	 * took its delivery, what is pending
	 * @throws ConversationBusyException if the lock had expired and another message holds
	 * it
	 */
	public RedisOutbox.Committed save(Locked locked, Session session, List<TranscriptTurn> turns, String eventId,
			String message, boolean handedBack, boolean history, RedisOutbox.Start start) {
		ConversationKey key = locked.key();
		List<String> args = new ArrayList<>(14 + turns.size());
		args.add(locked.token());
		args.add(write(session));
		args.add(String.valueOf(this.properties.sessionTtl().toSeconds()));
		args.add(String.valueOf(this.properties.transcriptLimit()));
		args.add(String.valueOf(this.properties.dedupTtl().toMillis()));
		args.add((eventId != null) ? eventId : "");
		args.add(String.valueOf(this.clock.millis()));
		args.add(message);
		args.add(handedBack ? "1" : "0");
		args.add(String.valueOf(this.outbox.keep(history)));
		args.addAll(this.outbox.startArgs(key, start));
		for (TranscriptTurn turn : turns) {
			args.add(write(turn));
		}
		List<String> keys = keys(key, "lock", "session", "transcript", "seen", "outbox", "seq", "delivery");
		keys.addAll(this.outbox.startKeys(key));
		return committed(key, this.redis.execute(SAVE_AND_UNLOCK, keys, args.toArray()), "saving");
	}

	private RedisOutbox.Committed committed(ConversationKey key, List<?> result, String doing) {
		if (result == null || result.isEmpty() || ((Number) result.get(0)).longValue() < 0) {
			throw new ConversationBusyException("Lost the lock of " + key + " before " + doing);
		}
		return this.outbox.committed(key, result);
	}

	/**
	 * Deletes everything stored about the user (undelivered messages included), keeps the
	 * farewell to deliver, and releases the lock.
	 * @param locked the lock from {@link #lock}
	 * @param eventId the platform event id, or null
	 * @param message the outbox entry of the farewell ("" for none)
	 * @param handedBack whether the request's response delivers it
	 * @param start how the farewell's delivery starts
	 * @return the farewell's id in the outbox (0 if none) and, if the commit took its
	 * delivery, what is pending
	 */
	public RedisOutbox.Committed erase(Locked locked, String eventId, String message, boolean handedBack,
			RedisOutbox.Start start) {
		ConversationKey key = locked.key();
		List<String> keys = keys(key, "lock", "session", "transcript", "seen", "outbox", "seq", "delivery");
		keys.addAll(this.outbox.startKeys(key)); // the lease is deleted with the rest
		List<String> args = new ArrayList<>(List.of(locked.token(),
				String.valueOf(this.properties.dedupTtl().toMillis()), (eventId != null) ? eventId : "",
				String.valueOf(this.clock.millis()), message,
				String.valueOf(Math.max(60, this.properties.dedupTtl().toSeconds())), handedBack ? "1" : "0", "0"));
		args.addAll(this.outbox.startArgs(key, start));
		return committed(key, this.redis.execute(ERASE_AND_UNLOCK, keys, args.toArray()), "erasing");
	}

	/**
	 * Releases the lock without writing anything.
	 * @param locked the lock from {@link #lock}
	 */
	public void unlock(Locked locked) {
		this.redis.execute(UNLOCK, List.of(lockKey(locked.key())), locked.token());
	}

	private Session read(String stored) {
		try {
			return this.json.readValue(stored, Session.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored session is not readable", ex);
		}
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * A held lock and what was stored when it was taken.
	 *
	 * @param key the conversation
	 * @param token this holder's token
	 * @param session the stored session, or null if there is none
	 * @param seen whether the event id was already handled
	 */
	record Locked(ConversationKey key, String token, Session session, boolean seen) {
	}

}
