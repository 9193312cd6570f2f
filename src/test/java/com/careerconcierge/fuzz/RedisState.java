package com.careerconcierge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Every key of a pattern with its serialised value ({@code DUMP}, so hashes and sorted
 * sets count too) and its time to live, to tell whether anything was written.
 */
final class RedisState {

	private final StringRedisTemplate redis;

	RedisState(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The keys matching the pattern, each with its value and time to live. */
	Map<String, Entry> snapshot(String pattern) {
		return this.redis.execute((RedisCallback<Map<String, Entry>>) (connection) -> {
			Map<String, Entry> all = new TreeMap<>();
			Set<byte[]> keys = connection.keyCommands().keys(pattern.getBytes(StandardCharsets.UTF_8));
			if (keys != null) {
				for (byte[] key : keys) {
					all.put(new String(key, StandardCharsets.UTF_8), entry(connection, key));
				}
			}
			return all;
		});
	}

	private static Entry entry(RedisConnection connection, byte[] key) {
		byte[] dump = connection.keyCommands().dump(key);
		Long ttl = connection.keyCommands().pTtl(key);
		return new Entry((dump != null) ? Base64.getEncoder().encodeToString(dump) : "(gone)",
				(ttl != null) ? ttl : -2);
	}

	/**
	 * What differs between two snapshots: keys added, removed, changed, or whose time to
	 * live was renewed (a write that changed nothing else).
	 */
	static List<String> changes(Map<String, Entry> before, Map<String, Entry> after) {
		List<String> changes = new ArrayList<>();
		Set<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		for (String key : keys) {
			Entry was = before.get(key);
			Entry is = after.get(key);
			if (was == null) {
				changes.add("added " + key);
			}
			else if (is == null) {
				changes.add("removed " + key);
			}
			else if (!was.value().equals(is.value())) {
				changes.add("changed " + key);
			}
			else if (was.ttlMillis() >= 0 && is.ttlMillis() > was.ttlMillis()) {
				changes.add("renewed " + key + " (ttl " + was.ttlMillis() + " → " + is.ttlMillis() + " ms)");
			}
		}
		return changes;
	}

	/**
	 * One key's state.
	 *
	 * @param value the serialised value, Base64
	 * @param ttlMillis the time to live in milliseconds, -1 for none
	 */
	record Entry(String value, long ttlMillis) {
	}

}
