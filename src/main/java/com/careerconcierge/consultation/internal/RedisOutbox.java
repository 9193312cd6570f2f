package com.careerconcierge.consultation.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.DeadLetter;
import com.careerconcierge.consultation.DeliveryProperties;
import com.careerconcierge.consultation.Outgoing;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.support.RedisClientConfiguration;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The outbox in Redis. Per conversation, under the user's hash tag (so a turn's commit
 * writes its message in the same script as the session, on a cluster too):
 * <ul>
 * <li>{@code cc:{…}:outbox} — messages scored by id, each stored as
 * {@code "<id> <json>"}; delivered ones are trimmed, except the web chat's recent
 * history</li>
 * <li>{@code cc:{…}:seq} — the last id given</li>
 * <li>{@code cc:{…}:delivery} — hash: {@code done} (last id fully delivered),
 * {@code part} (calls of the next one already made), {@code inflight} (a delivery is
 * half-way)</li>
 * <li>{@code cc:{…}:sending} — which instance is delivering (a lease)</li>
 * </ul>
 * Across conversations: {@code cc:{outbox}:due} (sorted set of conversations that may
 * have undelivered messages, scored by when to look at them) and {@code cc:{outbox}:dead}
 * (parked messages, newest first, bounded).
 */
@Component
class RedisOutbox {

	static final String DUE = "cc:{outbox}:due";

	static final String DEAD = "cc:{outbox}:dead";

	/**
	 * Shared by the commit scripts. {@code append} appends one message (KEYS outbox, seq,
	 * delivery; ARGV entry, ttl seconds, handed back 1/0, history to keep) and returns
	 * its id. {@code start} then marks the conversation due (on a single Redis; on a
	 * cluster the mark is written before the commit, since it lives in another slot) and
	 * takes the delivery for the committing instance if nobody holds it (a delivery under
	 * way, paused with a lease longer than a fresh one, is left as it is), reading the
	 * first pending message: {1, done, part, taken over, entry}, else {0}. The delivery
	 * so starts without a round trip of its own.
	 */
	static final String APPEND_FUNCTION = """
			local function append(outbox, seq, delivery, entry, ttl, handed, keep)
			  if entry == '' then return 0 end
			  local id = redis.call('INCR', seq)
			  redis.call('ZADD', outbox, id, id .. ' ' .. entry)
			  redis.call('HSETNX', delivery, 'done', 0)
			  local done = tonumber(redis.call('HGET', delivery, 'done'))
			  if done >= id then
			    -- the counter expired and started again while the record of what was
			    -- delivered stayed: nothing of the new count is delivered yet
			    done = id - 1
			    redis.call('HSET', delivery, 'done', done, 'part', 0)
			  end
			  if handed == '1' and done == id - 1 then
			    redis.call('HSET', delivery, 'done', id, 'part', 0)
			    done = id
			  end
			  redis.call('ZREMRANGEBYSCORE', outbox, '-inf', done - tonumber(keep))
			  redis.call('EXPIRE', outbox, ttl)
			  redis.call('EXPIRE', seq, ttl)
			  redis.call('EXPIRE', delivery, ttl)
			  return id
			end
			local function start(sending, delivery, outbox, due, owner, lease, member, score)
			  if due then redis.call('ZADD', due, score, member) end
			  if owner == '' then return {0} end
			  if redis.call('EXISTS', sending) == 1 then return {0} end
			  local done = tonumber(redis.call('HGET', delivery, 'done') or '0')
			  local entries = redis.call('ZRANGEBYSCORE', outbox, '(' .. done, '+inf', 'LIMIT', 0, 1)
			  if #entries == 0 then
			    if due then redis.call('ZREM', due, member) end
			    return {0}
			  end
			  redis.call('SET', sending, owner, 'PX', lease)
			  local part = tonumber(redis.call('HGET', delivery, 'part') or '0')
			  local takenOver = 0
			  if redis.call('HGET', delivery, 'inflight') then takenOver = 1 end
			  redis.call('HSET', delivery, 'inflight', 1)
			  return {1, done, part, takenOver, entries[1]}
			end
			""";

	private static final RedisScript<List> APPEND = RedisScript.of(APPEND_FUNCTION + """
			local id = append(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
			if id == 0 or ARGV[8] == '' then return {id, 0} end
			return {id, unpack(start(KEYS[4], KEYS[3], KEYS[1], KEYS[5], ARGV[5], ARGV[6], ARGV[7], ARGV[8]))}
			""", List.class);

	private static final RedisScript<List> TAKE = RedisScript.of("""
			local holder = redis.call('GET', KEYS[1])
			if holder and holder ~= ARGV[1] then return false end
			local done = tonumber(redis.call('HGET', KEYS[2], 'done') or '0')
			local entries = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. done, '+inf', 'LIMIT', 0, tonumber(ARGV[3]))
			if #entries == 0 then
			  if holder then redis.call('DEL', KEYS[1]) end
			  redis.call('HDEL', KEYS[2], 'inflight')
			  if KEYS[4] then redis.call('ZREM', KEYS[4], ARGV[4]) end
			  return {done, 0, 0}
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			local part = tonumber(redis.call('HGET', KEYS[2], 'part') or '0')
			local takenOver = 0
			if (not holder) and redis.call('HGET', KEYS[2], 'inflight') then takenOver = 1 end
			redis.call('HSET', KEYS[2], 'inflight', 1)
			local result = {done, part, takenOver}
			for _, entry in ipairs(entries) do result[#result + 1] = entry end
			return result
			""", List.class);

	/**
	 * Records a call and reads what comes next, in one round trip: {-1} if another
	 * instance holds the delivery, {0} if nothing is pending (the delivery is released,
	 * and on a single Redis the due mark removed), else {1, done, part, next entry}.
	 */
	private static final RedisScript<List> ACK = RedisScript.of("""
			local id = tonumber(ARGV[2])
			local holder = redis.call('GET', KEYS[1])
			if holder ~= ARGV[1] then
			  if holder then return {-1} end
			  -- the lease ran out (Redis was away) and nobody took over: the call was made,
			  -- so record it unless that is done already
			  if tonumber(redis.call('HGET', KEYS[2], 'done') or '0') >= id then return {-1} end
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
			end
			local done = id
			local part = 0
			if tonumber(ARGV[3]) < 0 then
			  redis.call('HSET', KEYS[2], 'done', id, 'part', 0)
			  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', id - tonumber(ARGV[5]))
			else
			  redis.call('HSET', KEYS[2], 'part', ARGV[3])
			  done = id - 1
			  part = tonumber(ARGV[3])
			end
			local entries = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. done, '+inf', 'LIMIT', 0, 1)
			if #entries == 0 then
			  redis.call('DEL', KEYS[1])
			  redis.call('HDEL', KEYS[2], 'inflight')
			  if KEYS[4] then redis.call('ZREM', KEYS[4], ARGV[6]) end
			  return {0}
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return {1, done, part, entries[1]}
			""", List.class);

	private static final RedisScript<Long> EXTEND = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return 0
			""", Long.class);

	private static final RedisScript<List> CLAIM_DUE = RedisScript.of("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
			for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
			return due
			""", List.class);

	private static final RedisScript<Long> UNDUE = RedisScript.of("""
			if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '-1') == tonumber(ARGV[2]) then
			  return redis.call('ZREM', KEYS[1], ARGV[1])
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> PARK = RedisScript.of("""
			redis.call('LPUSH', KEYS[1], ARGV[1])
			redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final DeliveryProperties properties;

	/**
	 * On a single Redis the due marks are kept by the scripts that commit and deliver, in
	 * the same atomic step; on a cluster they live in another slot than the
	 * conversation's keys, so they are written before a commit and removed after a
	 * delivery, by separate calls.
	 */
	private final boolean marksInScripts;

	/**
	 * Entries this instance wrote lately, by their JSON: the delivery, usually on the
	 * instance that committed the turn, takes them as they were, without parsing them
	 * back (a message is read once per call it needs).
	 */
	private final Cache<String, Entry> written = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	RedisOutbox(StringRedisTemplate redis, ObjectMapper json, DeliveryProperties properties,
			RedisConnectionFactory connectionFactory) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
		this.marksInScripts = !RedisClientConfiguration.isCluster(connectionFactory);
	}

	/** Whether the commit and delivery scripts keep the due marks themselves. */
	boolean marksInScripts() {
		return this.marksInScripts;
	}

	static List<String> keys(ConversationKey key) {
		String prefix = "cc:" + key.hashTag() + ":";
		return List.of(prefix + "outbox", prefix + "seq", prefix + "delivery");
	}

	private List<String> deliveryKeys(ConversationKey key) {
		String prefix = "cc:" + key.hashTag() + ":";
		return this.marksInScripts ? List.of(prefix + "sending", prefix + "delivery", prefix + "outbox", DUE)
				: List.of(prefix + "sending", prefix + "delivery", prefix + "outbox");
	}

	/**
	 * The keys a commit script's {@code start} needs after the conversation's others: the
	 * lease and, on a single Redis, the due marks.
	 */
	List<String> startKeys(ConversationKey key) {
		String sending = "cc:" + key.hashTag() + ":sending";
		return this.marksInScripts ? List.of(sending, DUE) : List.of(sending);
	}

	/**
	 * The arguments of a commit script's {@code start}: owner, lease, member, due score
	 * ("" for no start: nothing to deliver).
	 */
	List<String> startArgs(ConversationKey key, Start start) {
		if (start.score() < 0) {
			return List.of("", "", "", "");
		}
		return List.of((start.owner() != null) ? start.owner() : "", String.valueOf(this.properties.lease().toMillis()),
				key.id(), String.valueOf(start.score()));
	}

	/**
	 * What a commit script returned: {id, 1, done, part, taken over, entry} when it took
	 * the delivery, else {id, 0}.
	 */
	Committed committed(ConversationKey key, List<?> result) {
		long id = ((Number) result.get(0)).longValue();
		if (result.size() < 6 || ((Number) result.get(1)).longValue() != 1) {
			return new Committed(id, null);
		}
		boolean takenOver = ((Number) result.get(4)).longValue() == 1;
		return new Committed(id, pending(key, result.subList(2, 4), result.subList(5, 6), takenOver));
	}

	/** How many delivered messages the channel keeps (its history). */
	int keep(boolean history) {
		return history ? this.properties.history() : 0;
	}

	/**
	 * The JSON of a message to append, without its id (the script gives it).
	 * @param at commit time
	 * @param replies what is said
	 * @param agent the agent, or null
	 * @param context the channel's note, or null
	 * @return the entry, or "" for nothing to append
	 */
	String entry(long at, List<Reply> replies, @Nullable String agent, @Nullable String context) {
		if (replies.isEmpty()) {
			return "";
		}
		try {
			Entry written = new Entry(at, replies, agent, context);
			String entry = this.json.writeValueAsString(written);
			this.written.put(entry, written);
			return entry;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write an outbox entry", ex);
		}
	}

	/**
	 * Appends a message outside a turn (a notice that changes nothing).
	 * @return its id and, if this instance took its delivery, what is pending
	 */
	Committed append(ConversationKey key, String entry, long ttlSeconds, boolean handedBack, boolean history,
			Start start) {
		List<String> keys = new ArrayList<>(keys(key));
		keys.addAll(startKeys(key));
		List<String> args = new ArrayList<>(
				List.of(entry, String.valueOf(ttlSeconds), handedBack ? "1" : "0", String.valueOf(keep(history))));
		args.addAll(startArgs(key, start));
		List<?> result = this.redis.execute(APPEND, keys, args.toArray());
		return (result != null && !result.isEmpty()) ? committed(key, result) : new Committed(0, null);
	}

	/**
	 * Takes the conversation's delivery (or keeps it, if this instance has it) and reads
	 * what is pending.
	 * @return null if another instance is delivering
	 */
	@Nullable
	Pending take(ConversationKey key, String owner, int max) {
		List<?> result = this.redis.execute(TAKE, deliveryKeys(key), owner,
				String.valueOf(this.properties.lease().toMillis()), String.valueOf(max), key.id());
		if (result == null || result.isEmpty() || result.get(0) == null) {
			return null;
		}
		boolean takenOver = ((Number) result.get(2)).longValue() == 1;
		return pending(key, result.subList(0, 2), result.subList(3, result.size()), takenOver);
	}

	/**
	 * Records that a call of a message went through, and reads the next pending one.
	 * @param nextPart the next call of the same message, or -1 when it is done
	 * @return what is pending next (no messages: nothing, and the delivery was released),
	 * or null if this instance no longer holds the delivery
	 */
	@Nullable
	Pending ack(ConversationKey key, String owner, long id, int nextPart, boolean history) {
		List<?> result = this.redis.execute(ACK, deliveryKeys(key), owner, String.valueOf(id), String.valueOf(nextPart),
				String.valueOf(this.properties.lease().toMillis()), String.valueOf(keep(history)), key.id());
		if (result == null || result.isEmpty() || ((Number) result.get(0)).longValue() < 0) {
			return null;
		}
		if (((Number) result.get(0)).longValue() == 0) {
			return new Pending(List.of(), 0, false);
		}
		return pending(key, result.subList(1, 3), result.subList(3, result.size()), false);
	}

	/**
	 * What a script read.
	 * @param record the delivery record: the last id done, the calls of the next one made
	 * @param stored the pending entries, oldest first
	 */
	private Pending pending(ConversationKey key, List<?> record, List<?> stored, boolean takenOver) {
		long done = ((Number) record.get(0)).longValue();
		int part = ((Number) record.get(1)).intValue();
		List<Outgoing> messages = new ArrayList<>(stored.size());
		for (Object entry : stored) {
			messages.add(read(key, (String) entry));
		}
		int firstPart = (!messages.isEmpty() && messages.get(0).id() == done + 1) ? part : 0;
		return new Pending(messages, firstPart, takenOver);
	}

	/** Hands the delivery back at once (shutdown): another instance may go on. */
	void release(ConversationKey key, String owner) {
		this.redis.execute(RedisSessions.UNLOCK, deliveryKeys(key).subList(0, 1), owner);
	}

	/**
	 * Keeps the delivery while it pauses (pace, retry_after), for the pause and a lease.
	 */
	boolean extend(ConversationKey key, String owner, long millis) {
		Long result = this.redis.execute(EXTEND, deliveryKeys(key).subList(0, 1), owner,
				String.valueOf(millis + this.properties.lease().toMillis()));
		return result != null && result == 1;
	}

	/**
	 * Marks a conversation as possibly undelivered, before its turn commits.
	 * @param score when to look at it
	 */
	void due(ConversationKey key, long score) {
		this.redis.opsForZSet().add(DUE, key.id(), score);
	}

	/** Removes the mark unless someone has marked it again since. */
	void undue(ConversationKey key, long score) {
		this.redis.execute(UNDUE, List.of(DUE), key.id(), String.valueOf(score));
	}

	/**
	 * Claims the conversations whose mark is due: they are marked again for later, so
	 * other instances leave them alone meanwhile.
	 * @return the conversations and the score now written
	 */
	List<ConversationKey> claimDue(long now, long rescore, int max) {
		List<?> members = this.redis.execute(CLAIM_DUE, List.of(DUE), String.valueOf(now), String.valueOf(rescore),
				String.valueOf(max));
		List<ConversationKey> keys = new ArrayList<>();
		if (members != null) {
			for (Object member : members) {
				String id = (String) member;
				int colon = id.indexOf(':');
				if (colon > 0) {
					keys.add(new ConversationKey(id.substring(0, colon), id.substring(colon + 1)));
				}
			}
		}
		return keys;
	}

	/** The messages after an id, oldest first (the web chat's history). */
	List<Outgoing> after(ConversationKey key, long after, int max) {
		var stored = this.redis.opsForZSet()
			.rangeByScore(keys(key).get(0), after + 1, Double.POSITIVE_INFINITY, 0, max);
		List<Outgoing> messages = new ArrayList<>();
		if (stored != null) {
			for (String entry : stored) {
				messages.add(read(key, entry));
			}
		}
		return messages;
	}

	void park(DeadLetter letter) {
		try {
			this.redis.execute(PARK, List.of(DEAD), this.json.writeValueAsString(letter),
					String.valueOf(this.properties.deadLetters()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write a dead letter", ex);
		}
	}

	List<DeadLetter> deadLetters(int max) {
		List<String> stored = this.redis.opsForList().range(DEAD, 0, max - 1);
		List<DeadLetter> letters = new ArrayList<>();
		if (stored != null) {
			for (String letter : stored) {
				letters.add(readLetter(letter));
			}
		}
		return letters;
	}

	/** Removes the user's parked messages (they asked to be forgotten). */
	void forgetDeadLetters(ConversationKey key) {
		List<String> stored = this.redis.opsForList().range(DEAD, 0, -1);
		if (stored == null) {
			return;
		}
		for (String letter : stored) {
			DeadLetter read = readLetter(letter);
			if (read.channel().equals(key.channel()) && read.userId().equals(key.userId())) {
				this.redis.opsForList().remove(DEAD, 0, letter);
			}
		}
	}

	private DeadLetter readLetter(String letter) {
		try {
			return this.json.readValue(letter, DeadLetter.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A dead letter is not readable", ex);
		}
	}

	private Outgoing read(ConversationKey key, String stored) {
		int space = stored.indexOf(' ');
		try {
			String json = stored.substring(space + 1);
			Entry entry = this.written.getIfPresent(json);
			if (entry == null) {
				entry = this.json.readValue(json, Entry.class);
			}
			return new Outgoing(key, Long.parseLong(stored.substring(0, space)), entry.at(), entry.replies(),
					entry.agent(), entry.context());
		}
		catch (JsonProcessingException | RuntimeException ex) {
			throw new IllegalStateException("An outbox entry of " + key + " is not readable", ex);
		}
	}

	/**
	 * What is pending for a conversation.
	 *
	 * @param messages oldest first
	 * @param firstPart calls of the first message already made
	 * @param takenOver whether a delivery was half-way when this instance took it (its
	 * next call may repeat one that went through)
	 */
	record Pending(List<Outgoing> messages, int firstPart, boolean takenOver) {
	}

	/**
	 * How a commit starts its message's delivery.
	 *
	 * @param owner the instance that takes the delivery, or null to leave it to a later
	 * take (this instance is not delivering)
	 * @param score the due mark's score, or -1 for nothing to deliver (nothing said, or
	 * handed back in the response)
	 */
	record Start(@Nullable String owner, long score) {

		static final Start NONE = new Start(null, -1);

	}

	/**
	 * A committed message.
	 *
	 * @param id its id in the outbox, 0 for nothing said
	 * @param taken what is pending, if the commit took the delivery for this instance
	 */
	record Committed(long id, @Nullable Pending taken) {
	}

	/** A message as stored. */
	record Entry(long at, List<Reply> replies, @Nullable String agent, @Nullable String context) {
	}

}
