package com.careerconcierge.handoff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.careerconcierge.consultation.AgentDesk.Summary;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Canned replies, managed by supervisors and inserted by agents with {@code /shortcut}: a
 * text with variables that are filled from what the bot learned about the user —
 * {@code {name}}, {@code {role}} (the target role), {@code {strength}} and
 * {@code {concern}} (the first chosen of each). Kept in the Redis hash
 * {@code cc:{handoffs}:canned}, shortcut to text.
 */
public class CannedReplies {

	static final String KEY = "cc:{handoffs}:canned";

	private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1,24}");

	/** What a variable becomes when the bot did not learn it. */
	private static final Map<String, String> UNKNOWN = Map.of("{name}", "お客", "{role}", "ご希望の職種", "{strength}",
			"これまでのご経験", "{concern}", "気になっていること");

	private final StringRedisTemplate redis;

	CannedReplies(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Every canned reply, by shortcut. */
	public Map<String, String> all() {
		Map<String, String> all = new TreeMap<>();
		this.redis.opsForHash().entries(KEY).forEach((shortcut, text) -> all.put((String) shortcut, (String) text));
		return all;
	}

	/**
	 * Adds or changes a canned reply.
	 * @throws IllegalArgumentException for a malformed shortcut or text
	 */
	public void put(String shortcut, String text) {
		if (shortcut == null || !SHORTCUT.matcher(shortcut).matches()) {
			throw new IllegalArgumentException("a shortcut is 1 to 24 lower-case letters, digits, '_' or '-'");
		}
		if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > 2000) {
			throw new IllegalArgumentException("the text must have 1 to 2000 characters");
		}
		this.redis.opsForHash().put(KEY, shortcut, text.strip());
	}

	public boolean delete(String shortcut) {
		Long removed = this.redis.opsForHash().delete(KEY, shortcut);
		return removed != null && removed > 0;
	}

	/**
	 * Every canned reply filled in for one user.
	 * @param summary what the bot learned about them
	 * @return shortcut to the text as it would be sent
	 */
	public Map<String, String> filled(Summary summary) {
		Map<String, String> filled = new LinkedHashMap<>();
		all().forEach((shortcut, text) -> filled.put(shortcut, fill(text, summary)));
		return filled;
	}

	static String fill(String text, Summary summary) {
		Map<String, String> values = new LinkedHashMap<>(UNKNOWN);
		put(values, "{name}", summary.displayName());
		put(values, "{role}", summary.targetRole());
		put(values, "{strength}", first(summary.strengths()));
		put(values, "{concern}", first(summary.concerns()));
		String result = text;
		for (Map.Entry<String, String> value : values.entrySet()) {
			result = result.replace(value.getKey(), value.getValue());
		}
		return result;
	}

	private static void put(Map<String, String> values, String name, String value) {
		if (value != null && !value.isBlank()) {
			values.put(name, value);
		}
	}

	private static String first(List<String> values) {
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
