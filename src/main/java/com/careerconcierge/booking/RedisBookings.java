package com.careerconcierge.booking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Bookings in Redis. Every key shares the hash tag {@code {bookings}}, so each change is
 * one script on one node of a cluster; an agency books a few meetings an hour, far below
 * what one slot serves (see the README's capacity section).
 * <ul>
 * <li>{@code cc:{bookings}:b:<id>} — hash: the booking</li>
 * <li>{@code cc:{bookings}:at:<start>} — set of the advisors booked at a start (epoch
 * seconds): taking a slot is adding to it</li>
 * <li>{@code cc:{bookings}:user:<channel:user>} — the id of the user's latest
 * booking</li>
 * <li>{@code cc:{bookings}:ids:<channel:user>} — set of all the user's ids (for
 * {@code /forget})</li>
 * <li>{@code cc:{bookings}:by-start} — sorted set of ids by start</li>
 * <li>{@code cc:{bookings}:reminders} — sorted set of {@code <id>:day|hour} by when they
 * are due (epoch milliseconds)</li>
 * </ul>
 */
class RedisBookings {

	static final String PREFIX = "cc:{bookings}:";

	static final String REMINDERS = PREFIX + "reminders";

	private static final String BY_START = PREFIX + "by-start";

	/**
	 * Takes the first free advisor at a start for a user, moving the user's booked
	 * meeting there if they had another; the same start again returns their booking.
	 * Returns {id, 1 if new else 0, advisor}, or nil when every advisor is taken.
	 */
	private static final RedisScript<List> TAKE = RedisScript.of("""
			local current = redis.call('GET', KEYS[2])
			local old
			if current then
			  old = ARGV[1] .. 'b:' .. current
			  local held = redis.call('HMGET', old, 'start', 'status', 'advisor', 'end')
			  -- a meeting that is over (marked or not) stays as it is: a new one is not a move
			  if held[2] ~= 'booked' or tonumber(held[4]) <= tonumber(ARGV[9]) then current = nil
			  elseif held[1] == ARGV[3] then return {current, '0', held[3]} end
			end
			local n = tonumber(ARGV[8])
			local fields = {}
			for i = 10, 9 + 2 * n do table.insert(fields, ARGV[i]) end
			for i = 10 + 2 * n, #ARGV do
			  local advisor = ARGV[i]
			  if redis.call('SADD', KEYS[1], advisor) == 1 then
			    redis.call('EXPIRE', KEYS[1], ARGV[5])
			    if current then
			      local prev = redis.call('HMGET', old, 'advisor', 'start')
			      redis.call('SREM', ARGV[1] .. 'at:' .. prev[2], prev[1])
			      redis.call('HSET', old, 'status', 'moved')
			      redis.call('ZREM', KEYS[4], current .. ':day', current .. ':hour')
			    end
			    local key = ARGV[1] .. 'b:' .. ARGV[2]
			    redis.call('HSET', key, 'advisor', advisor, 'status', 'booked', unpack(fields))
			    redis.call('EXPIRE', key, ARGV[5])
			    redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
			    redis.call('SADD', KEYS[5], ARGV[2])
			    redis.call('EXPIRE', KEYS[5], ARGV[5])
			    redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
			    if tonumber(ARGV[6]) > 0 then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[2] .. ':day') end
			    if tonumber(ARGV[7]) > 0 then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[2] .. ':hour') end
			    return {ARGV[2], '1', advisor}
			  end
			end
			return nil
			""", List.class);

	/** Cancels the user's booked meeting; returns its id, or nil with none. */
	private static final RedisScript<String> CANCEL = RedisScript.of("""
			local id = redis.call('GET', KEYS[1])
			if not id then return nil end
			local key = ARGV[1] .. 'b:' .. id
			local held = redis.call('HMGET', key, 'status', 'advisor', 'start')
			if held[1] ~= 'booked' then return nil end
			redis.call('HSET', key, 'status', 'cancelled')
			redis.call('SREM', ARGV[1] .. 'at:' .. held[3], held[2])
			redis.call('ZREM', ARGV[1] .. 'reminders', id .. ':day', id .. ':hour')
			return id
			""", String.class);

	/**
	 * Marks a booked meeting attended or missed. Returns 1 when marked now, 0 when it was
	 * marked so before, -1 for no such booking, -2 when it is cancelled, moved or marked
	 * otherwise.
	 */
	private static final RedisScript<Long> MARK = RedisScript.of("""
			local status = redis.call('HGET', KEYS[1], 'status')
			if not status then return -1 end
			if status == ARGV[1] then return 0 end
			if status ~= 'booked' then return -2 end
			redis.call('HSET', KEYS[1], 'status', ARGV[1])
			redis.call('ZREM', KEYS[2], ARGV[2] .. ':day', ARGV[2] .. ':hour')
			return 1
			""", Long.class);

	private static final RedisScript<Long> FORGET = RedisScript.of("""
			local ids = redis.call('SMEMBERS', KEYS[1])
			for _, id in ipairs(ids) do
			  local key = ARGV[1] .. 'b:' .. id
			  local held = redis.call('HMGET', key, 'status', 'advisor', 'start')
			  if held[1] == 'booked' then redis.call('SREM', ARGV[1] .. 'at:' .. held[3], held[2]) end
			  redis.call('DEL', key)
			  redis.call('ZREM', ARGV[1] .. 'by-start', id)
			  redis.call('ZREM', ARGV[1] .. 'reminders', id .. ':day', id .. ':hour')
			end
			redis.call('DEL', KEYS[1], KEYS[2])
			return #ids
			""", Long.class);

	private final StringRedisTemplate redis;

	RedisBookings(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * The outcome of taking a slot.
	 *
	 * @param id the booking's id
	 * @param created false when the user already held this slot
	 * @param advisor who takes the meeting
	 */
	record Taken(String id, boolean created, String advisor) {
	}

	/**
	 * Takes a slot.
	 * @param conversation the user's {@code channel:user}
	 * @param id the new booking's id
	 * @param start the start, epoch seconds
	 * @param fields the booking's fields besides advisor and status
	 * @param advisors who may take it, in order of preference
	 * @param ttlSeconds how long the booking is kept
	 * @param dayBeforeDue when the reminder of the day before is due (epoch ms), 0 for
	 * none
	 * @param hourBeforeDue when the last reminder is due, 0 for none
	 * @param nowSeconds now, epoch seconds: a booking of the user's that ended is not
	 * moved
	 * @return the booking, or null when every advisor is taken
	 */
	Taken take(String conversation, String id, long start, Map<String, String> fields, List<String> advisors,
			long ttlSeconds, long dayBeforeDue, long hourBeforeDue, long nowSeconds) {
		List<String> args = new ArrayList<>();
		args.addAll(List.of(PREFIX, id, String.valueOf(start), fields.getOrDefault("end", ""),
				String.valueOf(ttlSeconds), String.valueOf(dayBeforeDue), String.valueOf(hourBeforeDue),
				String.valueOf(fields.size()), String.valueOf(nowSeconds)));
		fields.forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		args.addAll(advisors);
		List<?> result = this.redis.execute(TAKE, List.of(PREFIX + "at:" + start, PREFIX + "user:" + conversation,
				BY_START, REMINDERS, PREFIX + "ids:" + conversation), args.toArray());
		if (result == null || result.size() < 3) {
			return null; // the script's nil
		}
		return new Taken((String) result.get(0), "1".equals(result.get(1)), (String) result.get(2));
	}

	/**
	 * The advisors booked at each start.
	 * @param starts epoch seconds
	 * @return their logins, in the same order
	 */
	@SuppressWarnings("unchecked")
	List<Set<String>> advisorsAt(List<Long> starts) {
		List<Object> members = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (long start : starts) {
				connection.setCommands().sMembers(bytes(PREFIX + "at:" + start));
			}
			return null;
		});
		return members.stream().map((set) -> (set != null) ? (Set<String>) set : Set.<String>of()).toList();
	}

	/**
	 * The hours the advisors set, where they did.
	 * @param advisors the logins
	 * @return by login
	 */
	Map<String, Availability> availability(List<String> advisors) {
		Map<String, Availability> found = new LinkedHashMap<>();
		List<Object> all = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String advisor : advisors) {
				connection.hashCommands().hGetAll(bytes(PREFIX + "hours:" + advisor));
			}
			return null;
		});
		for (int i = 0; i < advisors.size(); i++) {
			String advisor = advisors.get(i);
			@SuppressWarnings("unchecked")
			Map<Object, Object> raw = (all.get(i) != null) ? (Map<Object, Object>) all.get(i) : Map.of();
			if (raw.isEmpty()) {
				continue;
			}
			Map<java.time.DayOfWeek, String> weekly = new java.util.EnumMap<>(java.time.DayOfWeek.class);
			for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
				weekly.put(day, (String) raw.get(day.name()));
			}
			String off = (String) raw.get("off");
			found.put(advisor,
					Availability.parse(weekly, (off == null || off.isEmpty()) ? List.of() : List.of(off.split(","))));
		}
		return found;
	}

	/**
	 * Stores an advisor's hours, replacing what they set before.
	 * @param advisor the login
	 * @param availability the hours
	 * @param at when, epoch ms
	 */
	void setAvailability(String advisor, Availability availability, long at) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
			List<Availability.Range> ranges = availability.weekly().getOrDefault(day, List.of());
			fields.put(day.name(), String.join(",", ranges.stream().map(Availability.Range::toString).toList()));
		}
		fields.put("off", String.join(",",
				new java.util.TreeSet<>(availability.off()).stream().map(java.time.LocalDate::toString).toList()));
		fields.put("at", String.valueOf(at));
		String key = PREFIX + "hours:" + advisor;
		this.redis.execute(new org.springframework.data.redis.core.SessionCallback<Object>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public Object execute(org.springframework.data.redis.core.RedisOperations operations) {
				operations.multi();
				operations.delete(key);
				operations.opsForHash().putAll(key, fields);
				return operations.exec();
			}
		});
	}

	/**
	 * The user's latest booking.
	 * @param conversation {@code channel:user}
	 * @return its fields, or empty
	 */
	Map<String, String> latest(String conversation) {
		String id = this.redis.opsForValue().get(PREFIX + "user:" + conversation);
		return (id != null) ? find(id) : Map.of();
	}

	/**
	 * One booking.
	 * @param id its id
	 * @return its fields, or empty
	 */
	Map<String, String> find(String id) {
		Map<Object, Object> raw = this.redis.opsForHash().entries(PREFIX + "b:" + id);
		Map<String, String> fields = new LinkedHashMap<>();
		raw.forEach((field, value) -> fields.put((String) field, (String) value));
		if (!fields.isEmpty()) {
			fields.put("id", id);
		}
		return fields;
	}

	/**
	 * Bookings starting in a range.
	 * @param from epoch seconds, inclusive
	 * @param to epoch seconds, exclusive
	 * @return their fields, by start
	 */
	List<Map<String, String>> between(long from, long to) {
		Set<String> ids = this.redis.opsForZSet().rangeByScore(BY_START, from, to - 1);
		List<Map<String, String>> found = new ArrayList<>();
		if (ids != null) {
			for (String id : ids) {
				Map<String, String> fields = find(id);
				if (!fields.isEmpty()) {
					found.add(fields);
				}
			}
		}
		return found;
	}

	/**
	 * Cancels the user's booked meeting.
	 * @param conversation {@code channel:user}
	 * @return the cancelled booking's id, or null with none
	 */
	String cancel(String conversation) {
		return this.redis.execute(CANCEL, List.of(PREFIX + "user:" + conversation), PREFIX);
	}

	/**
	 * Marks a booked meeting.
	 * @param id the booking
	 * @param status {@code attended} or {@code no_show}
	 * @return 1 marked now, 0 marked so before, -1 unknown, -2 not booked
	 */
	long mark(String id, String status) {
		Long result = this.redis.execute(MARK, List.of(PREFIX + "b:" + id, REMINDERS), status, id);
		return (result != null) ? result : -1;
	}

	/**
	 * Deletes every booking of a user.
	 * @param conversation {@code channel:user}
	 */
	void forget(String conversation) {
		this.redis.execute(FORGET, List.of(PREFIX + "ids:" + conversation, PREFIX + "user:" + conversation), PREFIX);
	}

	/**
	 * Reminders due by a time, earliest first.
	 * @param now epoch milliseconds
	 * @param max how many at most
	 * @return {@code <id>:day|hour}
	 */
	List<String> due(long now, int max) {
		Set<TypedTuple<String>> due = this.redis.opsForZSet().rangeByScoreWithScores(REMINDERS, 0, now, 0, max);
		return (due != null) ? due.stream().map(TypedTuple::getValue).toList() : List.of();
	}

	/**
	 * A reminder is said (or moot).
	 * @param reminder {@code <id>:day|hour}
	 */
	void reminded(String reminder) {
		this.redis.opsForZSet().remove(REMINDERS, reminder);
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}
