package com.careerconcierge.support;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads what a test left in the (real, embedded) Redis.
 */
public final class RedisKeys {

	private final StringRedisTemplate redis;

	public RedisKeys(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Empties the database, so each test starts from nothing. */
	public void flush() {
		this.redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	/** Keys of one web-chat user. */
	public Set<String> ofWebUser(String sessionId) {
		return this.redis.keys("cc:{web:" + sessionId + "}:*");
	}

	/**
	 * Every key with its value (strings) or type, for before/after comparisons of what is
	 * stored about users; the outbox's delivery bookkeeping (which moves as messages go)
	 * is left out.
	 */
	public Map<String, String> snapshot() {
		Map<String, String> all = new TreeMap<>();
		for (String key : this.redis.keys("*")) {
			if (key.startsWith("cc:{outbox}:") || key.endsWith(":outbox") || key.endsWith(":seq")
					|| key.endsWith(":delivery") || key.endsWith(":sending")) {
				continue;
			}
			String type = this.redis.type(key).code();
			String value = switch (type) {
				case "string" -> this.redis.opsForValue().get(key);
				case "list" -> String.valueOf(this.redis.opsForList().range(key, 0, -1));
				default -> type;
			};
			all.put(key, value);
		}
		return all;
	}

	/**
	 * Every key and everything in it (strings, lists, hashes, sets, sorted sets) as one
	 * text, to search for what must not be there.
	 */
	public String everything() {
		StringBuilder all = new StringBuilder();
		for (String key : this.redis.keys("*")) {
			all.append(key).append(" = ");
			switch (this.redis.type(key).code()) {
				case "string" -> all.append(this.redis.opsForValue().get(key));
				case "list" -> all.append(this.redis.opsForList().range(key, 0, -1));
				case "hash" -> all.append(this.redis.opsForHash().entries(key));
				case "set" -> all.append(this.redis.opsForSet().members(key));
				case "zset" -> all.append(this.redis.opsForZSet().range(key, 0, -1));
				default -> all.append(this.redis.type(key).code());
			}
			all.append('\n');
		}
		return all.toString();
	}

	public String session(String sessionId) {
		return this.redis.opsForValue().get("cc:{web:" + sessionId + "}:session");
	}

}
