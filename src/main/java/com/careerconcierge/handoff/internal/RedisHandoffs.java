package com.careerconcierge.handoff.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.handoff.Handoff;
import com.careerconcierge.handoff.HandoffProperties;
import com.careerconcierge.handoff.HandoffStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.lang.Nullable;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Handoffs in Redis. All keys share the hash tag {@code {handoffs}}, so each Lua script
 * below changes a handoff and the queues together, on a cluster too:
 * <ul>
 * <li>{@code cc:{handoffs}:h:<id>} — hash: the handoff's fields (TTL = retention)</li>
 * <li>{@code cc:{handoffs}:by:<channel:user>} — the user's latest handoff id</li>
 * <li>{@code cc:{handoffs}:user:<channel:user>} — set of all the user's handoff ids (for
 * {@code /forget})</li>
 * <li>{@code cc:{handoffs}:waiting|active|finished} — sorted sets of ids by time</li>
 * <li>{@code cc:{handoffs}:online} — sorted set of connected agents by lease expiry</li>
 * <li>{@code cc:{handoffs}:active-at} — sorted set of agents by their last use of the
 * console; {@code cc:{handoffs}:away} — set of agents who said they are away</li>
 * <li>{@code cc:{handoffs}:waits}, {@code cc:{handoffs}:handled} — lists of the latest
 * waits for a claim and handling times (ms), for the wait estimate</li>
 * <li>{@code cc:{handoffs}:accounts} — hash of the agents' accounts
 * ({@code AgentAccounts})</li>
 * <li>{@code cc:{handoffs}:notes:<channel:user>} — list of the agents' private notes on a
 * person</li>
 * <li>{@code cc:{handoffs}:assigning} — a short lock: one instance assigns at a time</li>
 * </ul>
 */
public class RedisHandoffs {

	private static final String PREFIX = "cc:{handoffs}:";

	private static final RedisScript<String> OPEN = RedisScript.of("""
			local existing = redis.call('GET', KEYS[1])
			if existing then
			  local status = redis.call('HGET', KEYS[4] .. existing, 'status')
			  if status == 'WAITING' or status == 'ACTIVE' then return existing end
			end
			redis.call('HSET', KEYS[2], unpack(ARGV, 4))
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
			redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
			redis.call('SADD', KEYS[5], ARGV[1])
			redis.call('PEXPIRE', KEYS[5], ARGV[3])
			return ARGV[1]
			""", String.class);

	/**
	 * Deletes every handoff of one user (their {@code user:} set, and the latest one in
	 * {@code by:} for records older than that set) and returns the ids.
	 */
	private static final RedisScript<List> FORGET = RedisScript.of("""
			local ids = redis.call('SMEMBERS', KEYS[1])
			local latest = redis.call('GET', KEYS[2])
			if latest then table.insert(ids, latest) end
			for _, id in ipairs(ids) do
			  redis.call('DEL', ARGV[1] .. 'h:' .. id)
			  redis.call('ZREM', ARGV[1] .. 'waiting', id)
			  redis.call('ZREM', ARGV[1] .. 'active', id)
			  redis.call('ZREM', ARGV[1] .. 'finished', id)
			end
			redis.call('DEL', KEYS[1], KEYS[2], ARGV[1] .. 'notes:' .. ARGV[2])
			return ids
			""", List.class);

	/**
	 * Result codes: 1 claimed now, 2 already this agent's, 0 held by another agent, -1
	 * unknown, -2 over.
	 */
	private static final RedisScript<Long> CLAIM = RedisScript.of("""
			local status = redis.call('HGET', KEYS[1], 'status')
			if not status then return -1 end
			if status == 'ACTIVE' then
			  if redis.call('HGET', KEYS[1], 'agent') == ARGV[1] then return 2 end
			  return 0
			end
			if status ~= 'WAITING' then return -2 end
			redis.call('HSET', KEYS[1], 'status', 'ACTIVE', 'agent', ARGV[1], 'claimedAt', ARGV[2], 'unread', 0)
			redis.call('ZREM', KEYS[2], ARGV[3])
			redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
			return 1
			""", Long.class);

	/**
	 * Same codes as CLAIM; an empty agent (ARGV[1]) finishes whoever holds it (the user
	 * cancelled).
	 */
	private static final RedisScript<Long> FINISH = RedisScript.of(
			"""
					local status = redis.call('HGET', KEYS[1], 'status')
					if not status then return -1 end
					if status ~= 'WAITING' and status ~= 'ACTIVE' then return -2 end
					if ARGV[1] ~= '' and status == 'ACTIVE' and redis.call('HGET', KEYS[1], 'agent') ~= ARGV[1] then return 0 end
					if ARGV[1] ~= '' and status == 'WAITING' then redis.call('HSET', KEYS[1], 'agent', ARGV[1]) end
					redis.call('HSET', KEYS[1], 'status', ARGV[2], 'closedAt', ARGV[3])
					redis.call('ZREM', KEYS[2], ARGV[4])
					redis.call('ZREM', KEYS[3], ARGV[4])
					redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
					redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -1001)
					return 1
					""",
			Long.class);

	/**
	 * Assigns a waiting handoff if it is still assigned to whom the caller saw (ARGV[1],
	 * '' for nobody): 1 assigned, 0 changed meanwhile or no longer waiting. The agent it
	 * leaves is added to those it was offered to.
	 */
	private static final RedisScript<Long> ASSIGN = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'status') ~= 'WAITING' then return 0 end
			local current = redis.call('HGET', KEYS[1], 'assignee') or ''
			if current ~= ARGV[1] then return 0 end
			if current ~= '' and current ~= ARGV[2] then
			  local offered = redis.call('HGET', KEYS[1], 'offered')
			  redis.call('HSET', KEYS[1], 'offered', (offered and (offered .. ',') or '') .. current)
			end
			redis.call('HSET', KEYS[1], 'assignee', ARGV[2], 'assignedAt', ARGV[3])
			return 1
			""", Long.class);

	private static final RedisScript<Long> IF_OPEN_INCREMENT_UNREAD = RedisScript.of("""
			local status = redis.call('HGET', KEYS[1], 'status')
			if status == 'WAITING' or status == 'ACTIVE' then return redis.call('HINCRBY', KEYS[1], 'unread', 1) end
			return -1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final HandoffProperties properties;

	private final SecureRandom random = new SecureRandom();

	public RedisHandoffs(StringRedisTemplate redis, ObjectMapper json, HandoffProperties properties) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * Queues a new handoff for the user, or returns the one already open.
	 * @return the open handoff's id
	 */
	public String open(ConversationKey conversation, Summary summary, long now) {
		String id = newId();
		List<String> args = new ArrayList<>(
				List.of(id, String.valueOf(now), String.valueOf(this.properties.retention().toMillis())));
		Map<String, String> fields = new HashMap<>();
		fields.put("id", id);
		fields.put("channel", conversation.channel());
		fields.put("user", conversation.userId());
		fields.put("status", HandoffStatus.WAITING.name());
		fields.put("summary", write(summary));
		fields.put("createdAt", String.valueOf(now));
		fields.put("claimedAt", "0");
		fields.put("closedAt", "0");
		fields.put("unread", "0");
		fields.forEach((name, value) -> {
			args.add(name);
			args.add(value);
		});
		return this.redis.execute(OPEN,
				List.of(byKey(conversation), key(id), PREFIX + "waiting", PREFIX + "h:", userKey(conversation)),
				args.toArray());
	}

	/**
	 * Deletes every handoff of the user, with what the bot and the user said in it.
	 * @return the ids of the deleted handoffs
	 */
	@SuppressWarnings("unchecked")
	public List<String> forget(ConversationKey conversation) {
		List<String> ids = this.redis.execute(FORGET, List.of(userKey(conversation), byKey(conversation)), PREFIX,
				conversation.id());
		return (ids != null) ? ids.stream().distinct().toList() : List.of();
	}

	/** The place of a waiting handoff in the queue, 1 for next. */
	public int position(String id) {
		Long rank = this.redis.opsForZSet().rank(PREFIX + "waiting", id);
		return (rank != null) ? rank.intValue() + 1 : 1;
	}

	public long claim(String id, String agent, long now) {
		return this.redis.execute(CLAIM, List.of(key(id), PREFIX + "waiting", PREFIX + "active"), agent,
				String.valueOf(now), id);
	}

	public long finish(String id, String agent, HandoffStatus status, long now) {
		return this.redis.execute(FINISH, List.of(key(id), PREFIX + "waiting", PREFIX + "active", PREFIX + "finished"),
				(agent != null) ? agent : "", status.name(), String.valueOf(now), id);
	}

	public void userWrote(String id) {
		this.redis.execute(IF_OPEN_INCREMENT_UNREAD, List.of(key(id)));
	}

	/**
	 * Records the agents' first message in the handoff, once.
	 * @param id the handoff
	 * @param at when, epoch ms
	 * @return true if this was the first
	 */
	public boolean firstReply(String id, long at) {
		return Boolean.TRUE.equals(this.redis.opsForHash().putIfAbsent(key(id), "firstReplyAt", String.valueOf(at)));
	}

	public void markRead(String id) {
		this.redis.opsForHash().put(key(id), "unread", "0");
	}

	public void rate(String id, int rating, String comment) {
		Map<String, String> fields = new HashMap<>();
		fields.put("rating", String.valueOf(rating));
		if (comment != null) {
			fields.put("ratingComment", comment);
		}
		this.redis.opsForHash().putAll(key(id), fields);
	}

	/**
	 * Marks that the user got a follow-up; true only for the first caller across
	 * instances.
	 */
	public boolean markFollowedUp(String id) {
		return Boolean.TRUE.equals(this.redis.opsForHash().putIfAbsent(key(id), "followedUp", "1"));
	}

	/** The user's latest handoff id, open or not. */
	public String latest(ConversationKey conversation) {
		return this.redis.opsForValue().get(byKey(conversation));
	}

	public Handoff find(String id) {
		Map<Object, Object> fields = this.redis.opsForHash().entries(key(id));
		return fields.isEmpty() ? null : read(fields);
	}

	/** Handoffs in a queue, oldest first (finished: newest first). */
	public List<Handoff> list(String queue, int limit) {
		Set<String> ids = queue.equals("finished") ? this.redis.opsForZSet().reverseRange(PREFIX + queue, 0, limit - 1)
				: this.redis.opsForZSet().range(PREFIX + queue, 0, limit - 1);
		return (ids != null) ? findAll(ids) : List.of();
	}

	/** The handoffs with these ids that are kept, in the order given. */
	public List<Handoff> findAll(java.util.Collection<String> ids) {
		List<Handoff> handoffs = new ArrayList<>();
		if (ids.isEmpty()) {
			return handoffs;
		}
		// one pipelined round trip for all the handoffs, not one per handoff
		List<Object> all = this.redis.executePipelined((SessionCallback<Object>) new SessionCallback<>() {

			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Object execute(RedisOperations operations) {
				ids.forEach((id) -> operations.opsForHash().entries(key(id)));
				return null;
			}

		});
		for (Object fields : all) {
			if (fields instanceof Map<?, ?> map && !map.isEmpty()) {
				@SuppressWarnings("unchecked")
				Map<Object, Object> entries = (Map<Object, Object>) map;
				handoffs.add(read(entries));
			}
		}
		return handoffs;
	}

	/** How many handoffs wait. */
	public long waitingCount() {
		Long count = this.redis.opsForZSet().zCard(PREFIX + "waiting");
		return (count != null) ? count : 0;
	}

	/** Waiting handoffs created before the given time. */
	public List<String> waitingSince(long before) {
		Set<String> ids = this.redis.opsForZSet().rangeByScore(PREFIX + "waiting", 0, before);
		return (ids != null) ? List.copyOf(ids) : List.of();
	}

	/** Records that agents are connected here until the lease ends. */
	public void online(Set<String> agents, long leaseEndsAt) {
		for (String agent : agents) {
			this.redis.opsForZSet().add(PREFIX + "online", agent, leaseEndsAt);
		}
	}

	/** Whether any agent is connected on any instance. */
	public boolean anyoneOnline(long now) {
		this.redis.opsForZSet().removeRangeByScore(PREFIX + "online", 0, now);
		Long count = this.redis.opsForZSet().zCard(PREFIX + "online");
		return count != null && count > 0;
	}

	/**
	 * Assigns a waiting handoff to an agent, unless someone changed it since it was read.
	 * @param expected who it was assigned to when read, or null
	 * @return true if assigned
	 */
	public boolean assign(String id, @Nullable String expected, String agent, long now) {
		Long result = this.redis.execute(ASSIGN, List.of(key(id)), (expected != null) ? expected : "", agent,
				String.valueOf(now));
		return result != null && result == 1;
	}

	public void markTold(String id, int position, int minutes, long now) {
		this.redis.opsForHash()
			.putAll(key(id), Map.of("toldPosition", String.valueOf(position), "toldMinutes", String.valueOf(minutes),
					"toldAt", String.valueOf(now)));
	}

	/**
	 * Records how long a claim took ({@code waits}) or a conversation was handled
	 * ({@code handled}).
	 */
	public void recordDuration(String list, long millis) {
		this.redis.opsForList().leftPush(PREFIX + list, String.valueOf(Math.max(0, millis)));
		this.redis.opsForList().trim(PREFIX + list, 0, 49);
	}

	/**
	 * The latest durations of a list ({@code waits} or {@code handled}), newest first.
	 */
	public List<Long> durations(String list) {
		List<String> values = this.redis.opsForList().range(PREFIX + list, 0, 49);
		return (values != null) ? values.stream().map(Long::valueOf).toList() : List.of();
	}

	/** Records that an agent used the console. */
	public void touch(String agent, long now) {
		this.redis.opsForZSet().add(PREFIX + "active-at", agent, now);
	}

	public void away(String agent, boolean away) {
		if (away) {
			this.redis.opsForSet().add(PREFIX + "away", agent);
		}
		else {
			this.redis.opsForSet().remove(PREFIX + "away", agent);
		}
	}

	/**
	 * Every agent with a console connected, and whether they are available: not away by
	 * their own choice, and active since the given time.
	 * @return connected agent to available
	 */
	public Map<String, Boolean> connected(long now, long activeSince) {
		Set<TypedTuple<String>> leases = this.redis.opsForZSet()
			.rangeByScoreWithScores(PREFIX + "online", now, Double.MAX_VALUE);
		Map<String, Boolean> connected = new HashMap<>();
		if (leases == null || leases.isEmpty()) {
			return connected;
		}
		Set<String> away = this.redis.opsForSet().members(PREFIX + "away");
		List<String> agents = leases.stream().map(TypedTuple::getValue).toList();
		List<Double> activeAt = this.redis.opsForZSet().score(PREFIX + "active-at", agents.toArray());
		for (int i = 0; i < agents.size(); i++) {
			Double at = (activeAt != null) ? activeAt.get(i) : null;
			boolean available = (away == null || !away.contains(agents.get(i))) && at != null && at >= activeSince;
			connected.put(agents.get(i), available);
		}
		return connected;
	}

	/** Takes a short lock; true if this caller has it. */
	public boolean lock(String name, Duration lease) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(PREFIX + name, "1", lease));
	}

	public void unlock(String name) {
		this.redis.delete(PREFIX + name);
	}

	/** Adds an agent's private note on a person, kept as long as their handoffs. */
	public void addNote(ConversationKey conversation, String note) {
		String key = PREFIX + "notes:" + conversation.id();
		this.redis.opsForList().rightPush(key, note);
		this.redis.opsForList().trim(key, -200, -1);
		this.redis.expire(key, this.properties.retention());
	}

	public List<String> notes(ConversationKey conversation) {
		List<String> notes = this.redis.opsForList().range(PREFIX + "notes:" + conversation.id(), 0, -1);
		return (notes != null) ? notes : List.of();
	}

	/** Every handoff id of the user that is kept, in no order. */
	public Set<String> ofUser(ConversationKey conversation) {
		Set<String> ids = this.redis.opsForSet().members(userKey(conversation));
		return (ids != null) ? ids : Set.of();
	}

	private Handoff read(Map<Object, Object> fields) {
		try {
			String rating = (String) fields.get("rating");
			return new Handoff((String) fields.get("id"),
					new ConversationKey((String) fields.get("channel"), (String) fields.get("user")),
					HandoffStatus.valueOf((String) fields.get("status")), (String) fields.get("agent"),
					this.json.readValue((String) fields.get("summary"), Summary.class), number(fields, "createdAt"),
					number(fields, "claimedAt"), number(fields, "closedAt"), (int) number(fields, "unread"),
					(rating != null) ? Integer.valueOf(rating) : null, (String) fields.get("ratingComment"),
					queueing(fields));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored handoff summary is not readable", ex);
		}
	}

	private static Handoff.Queueing queueing(Map<Object, Object> fields) {
		String offered = (String) fields.get("offered");
		return new Handoff.Queueing((String) fields.get("assignee"), number(fields, "assignedAt"),
				(offered != null) ? Set.copyOf(List.of(offered.split(","))) : Set.of(),
				(int) number(fields, "toldPosition", -1), (int) number(fields, "toldMinutes", -1),
				number(fields, "toldAt", -1));
	}

	private static long number(Map<Object, Object> fields, String name) {
		return number(fields, name, 0);
	}

	private static long number(Map<Object, Object> fields, String name, long otherwise) {
		Object value = fields.get(name);
		return (value != null) ? Long.parseLong((String) value) : otherwise;
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String newId() {
		byte[] bytes = new byte[8];
		this.random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static String key(String id) {
		return PREFIX + "h:" + id;
	}

	private static String userKey(ConversationKey conversation) {
		return PREFIX + "user:" + conversation.id();
	}

	private static String byKey(ConversationKey conversation) {
		return PREFIX + "by:" + conversation.id();
	}

}
