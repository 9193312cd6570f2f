package com.careerconcierge.consultation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.support.RedisTopics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What advisors need to improve the bot's understanding, in Redis, all under one hash tag
 * (each script touches one slot on a cluster too):
 * <ul>
 * <li>{@code cc:{understanding}:missed} — sorted set of missed messages' ids, scored by
 * when one was last typed; bounded (the least recent go first)</li>
 * <li>{@code cc:{understanding}:missed:<id>} — hash: {@code text}, {@code stage},
 * {@code count}, {@code first}, {@code last}, {@code candidates} (the buttons on offer),
 * {@code suggested}; expires when nobody typed it for the retention time</li>
 * <li>{@code cc:{understanding}:missed:<id>:users} — hash: how often each user typed it,
 * by an HMAC of the user's key (never the key: a web chat's id is its credential)</li>
 * <li>{@code cc:{understanding}:salt} — the HMAC's random key, made once</li>
 * <li>{@code cc:{understanding}:words} — hash: the taught words, field
 * {@code <postback> <synonym|example> <text>}, value {@code <millis> <agent>}</li>
 * <li>{@code cc:{understanding}:history} — list: every change to the taught words, newest
 * first, bounded</li>
 * <li>{@code cc:{understanding}:version} — counts the changes; instances compare it</li>
 * </ul>
 */
@Component
class RedisVocabulary {

	private static final Logger log = LoggerFactory.getLogger(RedisVocabulary.class);

	static final String PREFIX = "cc:{understanding}:";

	static final String MISSED = PREFIX + "missed";

	static final String WORDS = PREFIX + "words";

	static final String HISTORY = PREFIX + "history";

	static final String VERSION = PREFIX + "version";

	/** The key of the HMAC that pseudonymises users in these keys. */
	static final String SALT = PREFIX + "salt";

	/** Tells the other instances that the taught words changed (the message: version). */
	static final String TOPIC = "cc:understanding";

	private static final int MAX_HISTORY = 1000;

	/**
	 * One more typing of a missed message (KEYS index, entry, users; ARGV id, now, text,
	 * stage, candidates, suggested, ttl seconds, max entries, user digest, entry prefix).
	 */
	private static final RedisScript<Long> RECORD = RedisScript.of("""
			if redis.call('EXISTS', KEYS[2]) == 0 then
			  redis.call('HSET', KEYS[2], 'text', ARGV[3], 'stage', ARGV[4], 'first', ARGV[2], 'count', 0)
			end
			local count = redis.call('HINCRBY', KEYS[2], 'count', 1)
			redis.call('HSET', KEYS[2], 'last', ARGV[2], 'candidates', ARGV[5], 'suggested', ARGV[6])
			redis.call('HINCRBY', KEYS[3], ARGV[9], 1)
			redis.call('EXPIRE', KEYS[2], ARGV[7])
			redis.call('EXPIRE', KEYS[3], ARGV[7])
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[8])
			if over > 0 then
			  for _, old in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
			    redis.call('DEL', ARGV[10] .. old, ARGV[10] .. old .. ':users')
			    redis.call('ZREM', KEYS[1], old)
			  end
			end
			return count
			""", Long.class);

	/**
	 * A user's part in every missed message goes (KEYS index; ARGV user digest, entry
	 * prefix); a message nobody else typed goes whole. Every kept message is looked at
	 * (at most max-missed), so nothing depends on an index of the user's that could
	 * expire before the messages do.
	 */
	private static final RedisScript<Long> FORGET = RedisScript.of("""
			local gone = 0
			for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
			  local entry = ARGV[2] .. id
			  local users = entry .. ':users'
			  local mine = tonumber(redis.call('HGET', users, ARGV[1]) or '0')
			  if mine > 0 then
			    redis.call('HDEL', users, ARGV[1])
			    local left = tonumber(redis.call('HGET', entry, 'count') or '0') - mine
			    if left <= 0 or redis.call('HLEN', users) == 0 then
			      redis.call('DEL', entry, users)
			      redis.call('ZREM', KEYS[1], id)
			      gone = gone + 1
			    else
			      redis.call('HSET', entry, 'count', left)
			    end
			  end
			end
			return gone
			""", Long.class);

	/**
	 * Adds (ARGV[4] = 1) or removes a taught word and records the change (KEYS words,
	 * history, version; ARGV field, value, history entry, add, max history); returns the
	 * new version, or 0 when nothing changed.
	 */
	private static final RedisScript<Long> CHANGE = RedisScript.of("""
			local changed
			if ARGV[4] == '1' then
			  changed = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
			else
			  changed = redis.call('HDEL', KEYS[1], ARGV[1])
			end
			if changed == 0 then return 0 end
			redis.call('LPUSH', KEYS[2], ARGV[3])
			redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
			return redis.call('INCR', KEYS[3])
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisTopics topics;

	private volatile byte[] salt;

	RedisVocabulary(StringRedisTemplate redis, RedisTopics topics) {
		this.redis = redis;
		this.topics = topics;
	}

	/**
	 * Counts one more typing of a missed message.
	 * @return how often it has been typed now
	 */
	long missed(ConversationKey user, String id, long now, String text, String stage, String candidates,
			String suggested, long ttlSeconds, int max) {
		String digest = digest(user);
		String entry = PREFIX + "missed:" + id;
		return this.redis.execute(RECORD, List.of(MISSED, entry, entry + ":users"), id, Long.toString(now), text, stage,
				candidates, suggested, Long.toString(ttlSeconds), Integer.toString(max), digest, PREFIX + "missed:");
	}

	/**
	 * The missed messages typed most recently.
	 * @param max how many at most
	 * @return id and fields of each, most recent first
	 */
	List<Map.Entry<String, Map<String, String>>> missed(int max) {
		Set<String> ids = this.redis.opsForZSet().reverseRange(MISSED, 0, max - 1);
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> order = new ArrayList<>(ids);
		List<Object> fields = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String id : order) {
				connection.hashCommands().hGetAll((PREFIX + "missed:" + id).getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
		List<Map.Entry<String, Map<String, String>>> found = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<String, String> entry = (Map<String, String>) fields.get(i);
			if (entry == null || entry.isEmpty()) {
				this.redis.opsForZSet().remove(MISSED, order.get(i)); // expired
			}
			else {
				found.add(Map.entry(order.get(i), entry));
			}
		}
		return found;
	}

	/**
	 * How many missed messages are kept.
	 * @return the count
	 */
	long missedCount() {
		Long count = this.redis.opsForZSet().zCard(MISSED);
		return (count != null) ? count : 0;
	}

	/**
	 * One missed message.
	 * @param id its id
	 * @return its fields, empty if it is gone
	 */
	Map<String, String> missedEntry(String id) {
		Map<Object, Object> entry = this.redis.opsForHash().entries(PREFIX + "missed:" + id);
		Map<String, String> fields = new java.util.HashMap<>();
		entry.forEach((key, value) -> fields.put((String) key, (String) value));
		return fields;
	}

	/**
	 * Removes a missed message (dismissed, or taught).
	 * @param id its id
	 * @return whether it was there
	 */
	boolean dismiss(String id) {
		Long removed = this.redis.opsForZSet().remove(MISSED, id);
		this.redis.delete(List.of(PREFIX + "missed:" + id, PREFIX + "missed:" + id + ":users"));
		return removed != null && removed > 0;
	}

	/**
	 * Deletes a user's part in every missed message.
	 * @param user the user
	 */
	void forget(ConversationKey user) {
		this.redis.execute(FORGET, List.of(MISSED), digest(user), PREFIX + "missed:");
	}

	/**
	 * Adds or removes a taught word.
	 * @param field {@code <postback> <word>}
	 * @param value {@code <millis> <agent>}
	 * @param change the history entry
	 * @param add true to add, false to remove
	 * @return the new version, or 0 when the word was already there (add) or not there
	 * (remove)
	 */
	long change(String field, String value, String change, boolean add) {
		long version = this.redis.execute(CHANGE, List.of(WORDS, HISTORY, VERSION), field, value, change,
				add ? "1" : "0", Integer.toString(MAX_HISTORY));
		if (version > 0) {
			try {
				this.topics.publish(TOPIC, Long.toString(version));
			}
			catch (RuntimeException ex) {
				// stored already; the other instances' version check finds it
				log.warn("Could not announce the taught words' version {}: {}", version, ex.toString());
			}
		}
		return version;
	}

	/**
	 * The taught words with their version, read together.
	 * @return the version and the words' fields and values
	 */
	Taught taught() {
		List<Object> both = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			connection.stringCommands().get(VERSION.getBytes(StandardCharsets.UTF_8));
			connection.hashCommands().hGetAll(WORDS.getBytes(StandardCharsets.UTF_8));
			return null;
		});
		long version = (both.get(0) != null) ? Long.parseLong((String) both.get(0)) : 0;
		@SuppressWarnings("unchecked")
		Map<String, String> words = (both.get(1) != null) ? (Map<String, String>) both.get(1) : Map.of();
		return new Taught(version, words);
	}

	/**
	 * The version of the taught words.
	 * @return 0 if none were ever taught
	 */
	long version() {
		String version = this.redis.opsForValue().get(VERSION);
		return (version != null) ? Long.parseLong(version) : 0;
	}

	/**
	 * The latest changes to the taught words.
	 * @param max how many at most
	 * @return newest first
	 */
	List<String> history(int max) {
		List<String> changes = this.redis.opsForList().range(HISTORY, 0, max - 1);
		return (changes != null) ? changes : List.of();
	}

	/**
	 * A user's key as the understanding keys hold it: an HMAC with this deployment's own
	 * random key (kept in Redis), never the id itself, and not one a guess of a Telegram
	 * or LINE id can be checked against without that key.
	 */
	String digest(ConversationKey user) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(salt(), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(user.id().getBytes(StandardCharsets.UTF_8)), 0, 16);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] salt() {
		byte[] salt = this.salt;
		if (salt == null) {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			this.redis.opsForValue().setIfAbsent(SALT, HexFormat.of().formatHex(fresh));
			salt = HexFormat.of().parseHex(this.redis.opsForValue().get(SALT));
			this.salt = salt;
		}
		return salt;
	}

	/**
	 * The start of a text's SHA-256, in hex.
	 * @param text the text
	 * @param bytes how many bytes of the hash
	 * @return twice as many hex digits
	 */
	static String digest(String text, int bytes) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The taught words as stored.
	 *
	 * @param version their version
	 * @param words field {@code <postback> <word>}, value {@code <millis> <agent>}
	 */
	record Taught(long version, Map<String, String> words) {
	}

}
