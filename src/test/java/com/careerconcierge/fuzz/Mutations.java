package com.careerconcierge.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seeded ways to spoil a request body, and texts from the corners of Unicode. Everything
 * random comes from the one {@link Random}, so a seed replays a run.
 */
final class Mutations {

	/** Texts that trip up normalisation, storage and rendering. */
	static final List<String> UNICODE_EDGES = List.of("\uD800", "\uDC00", "a\uDBFFb", "\uDC00\uD800", "\u0000",
			"a\u0000b", "/start\u0000", "\u202Eｱｲｳ相談\u202C", "\u200F担当者と話す\u200E", "\u200B", "\u200B相談を始める\u200B",
			"\uFEFF", "\uFEFF/start", "\uFFFF", "\uFFFE", "\uFFFD", "😀", "👨‍👩‍👧‍👦", "🏳️‍🌈",
			"e\u0301".repeat(300), "\u0301", "𠮷野家", "ｶﾞｷﾞｸﾞ", "Ｆｕｌｌｗｉｄｔｈ", "\u3000", "\u3000相談\u3000", "\t\r\n",
			"\u0085", "\u2028\u2029", "مرحبا بالعالم", "שלום", "\uDB40\uDC41\uDB40\uDC7F", "%00", "%s%n",
			"${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "' OR '1'='1", "{{userId}}", "\\u0000",
			"\"},{\"x\":1", "null", "NaN", "-0", "1e999999", "cmd:agent", "cmd:forget", "/forget",
			"/agent@concierge_bot now", "　/reset", "ﾎﾞﾀﾝ");

	/**
	 * Words the bot understands, so that valid-looking input sometimes moves a dialogue.
	 */
	static final List<String> WORDS = List.of("相談を始める", "担当者と話す", "給料が下がりそう", "事務の経験がない", "次へ進む", "コミュニケーション力",
			"まだわからない", "はい", "いいえ", "/start", "/reset", "/help", "/agent", "経理", "担当者と話したいです");

	/** Button payloads, real and made up. */
	static final List<String> POSTBACKS = List.of("cmd:begin", "cmd:agent", "cmd:reset", "cmd:help", "cmd:skip",
			"cmd:forget", "cmd:accept", "concern:pay", "concern:unknown", "strength:communication", "role:accounting",
			"rating:5", "rating:0", "rating:", ":", "", "x".repeat(65), "cmd:begin\u0000", "ｃｍｄ:begin");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Random random;

	Mutations(Random random) {
		this.random = random;
	}

	int between(int min, int maxExclusive) {
		return min + this.random.nextInt(maxExclusive - min);
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	<T> T pick(List<T> items) {
		return items.get(this.random.nextInt(items.size()));
	}

	long nextLong() {
		return this.random.nextLong();
	}

	/** Something a user might type: words, edge cases, random code points, long text. */
	String text() {
		return switch (this.random.nextInt(6)) {
			case 0 -> pick(WORDS);
			case 1, 2 -> pick(UNICODE_EDGES);
			case 3 -> pick(WORDS) + pick(UNICODE_EDGES) + randomCodePoints(10);
			case 4 -> randomCodePoints(between(1, 120));
			// around the limit of 2,000 characters
			default -> "相談".repeat(between(900, 1100));
		};
	}

	/** Random code points, lone surrogates and control characters included. */
	String randomCodePoints(int count) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			switch (this.random.nextInt(5)) {
				case 0 -> text.append((char) between(0, 0x80));
				case 1 -> text.append((char) between(0x3000, 0x3100));
				case 2 -> text.append((char) between(0xD800, 0xE000));
				case 3 -> text.appendCodePoint(between(0x10000, 0x110000));
				default -> text.append((char) between(0x80, 0x10000));
			}
		}
		return text.toString();
	}

	byte[] randomBytes(int maxLength) {
		byte[] bytes = new byte[this.random.nextInt(maxLength + 1)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * A proper prefix that ends before the closing brace of the object, so it is never
	 * complete JSON.
	 */
	byte[] truncate(byte[] complete) {
		int end = new String(complete, StandardCharsets.ISO_8859_1).lastIndexOf('}');
		return java.util.Arrays.copyOf(complete, this.random.nextInt(Math.max(end, 1)));
	}

	/** A few bytes replaced by random ones. */
	byte[] flip(byte[] body) {
		byte[] flipped = body.clone();
		int flips = between(1, 6);
		for (int i = 0; i < flips && flipped.length > 0; i++) {
			flipped[this.random.nextInt(flipped.length)] = (byte) this.random.nextInt(256);
		}
		return flipped;
	}

	/**
	 * Bytes that are never valid UTF-8 or never valid JSON (a raw control character), put
	 * somewhere before the closing brace, often at the start of a string value.
	 */
	byte[] invalidBytes(byte[] body) {
		byte[][] spoilers = { { (byte) 0xFE, (byte) 0xFF }, { (byte) 0x80 }, { (byte) 0xBF },
				{ (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { 0x00 }, { 0x01 }, { 0x1B } };
		byte[] spoiler = spoilers[this.random.nextInt(spoilers.length)];
		// Before the closing brace: lenient parsers ignore what follows an object.
		String text = new String(body, StandardCharsets.ISO_8859_1);
		int end = text.lastIndexOf('}');
		end = (end >= 0) ? end : body.length;
		int at = this.random.nextInt(end + 1);
		int value = text.indexOf("\":\"", this.random.nextInt(end + 1));
		if (value >= 0 && value + 3 <= end && chance(0.7)) {
			at = value + 3;
			if (chance(0.3)) {
				// Only in a value: in the last bytes of a field name, Jackson takes
				// 0xFF for its own padding and may read the name as a known one.
				spoiler = new byte[] { (byte) 0xFF };
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, at);
		out.writeBytes(spoiler);
		out.write(body, at, body.length - at);
		return out.toByteArray();
	}

	/** Arrays or objects nested this deep. */
	String nesting(int depth) {
		boolean arrays = this.random.nextBoolean();
		String open = arrays ? "[" : "{\"a\":";
		String close = arrays ? "]" : "}";
		return open.repeat(depth) + "1" + close.repeat(depth);
	}

	int depth() {
		return pick(List.of(64, 500, 999, 1001, 1500, 5000, 12000));
	}

	/** JSON that is not an object. */
	String notAnObject() {
		return pick(List.of("[]", "[{}]", "\"text\"", "42", "-1.5e308", "true", "null", "[null]", "\"\\uD800\"", "[1,2",
				"{", "}", "{}}", "{\"a\":1}{\"b\":2}", "{\"a\":1,}", "{'a':1}", "{a:1}", "[" + quote(text()) + "]",
				"NaN", "0x10", "\"" + "a".repeat(5000) + "\""));
	}

	/** Some text that is not JSON at all. */
	String notJson() {
		return pick(List.of("hello", "text=相談&postback=x", "<xml><text>a</text></xml>", "--boundary\r\n\r\n",
				"update_id=1", "\u0000\u0000\u0000", "\uFEFF", " ", "\r\n\r\n", randomCodePoints(between(1, 200))));
	}

	/**
	 * A string of at least this many bytes in UTF-8 (and not many more once quoted, see
	 * {@link #quote(String, boolean)}).
	 */
	String huge(long bytes) {
		String unit = pick(List.of("a", "あ", "😀", "相談 "));
		int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
		return unit.repeat((int) (bytes / unitBytes) + 1);
	}

	/** Adds fields nobody knows, at random places in the tree. */
	JsonNode withUnknownFields(JsonNode node) {
		JsonNode copy = node.deepCopy();
		List<ObjectNode> objects = objects(copy);
		int count = between(1, 4);
		for (int i = 0; i < count && !objects.isEmpty(); i++) {
			pick(objects).set(pick(List.of("x_new_field", "__proto__", "constructor", "ｆｉｅｌｄ", "", " ", "\u0000",
					"update_id2", "is_bot", "fuzz" + this.random.nextInt(1000))), anyValue(3));
		}
		return copy;
	}

	/** Gives a random field a value of another JSON type. */
	JsonNode withWrongType(JsonNode node) {
		JsonNode copy = node.deepCopy();
		List<ObjectNode> objects = objects(copy);
		if (objects.isEmpty()) {
			return copy;
		}
		ObjectNode target = pick(objects);
		List<String> names = new ArrayList<>();
		target.fieldNames().forEachRemaining(names::add);
		if (names.isEmpty()) {
			return copy;
		}
		String name = pick(names);
		JsonNode current = target.get(name);
		JsonNode replacement;
		do {
			replacement = anyValue(1);
		}
		while (replacement.getNodeType() == current.getNodeType());
		target.set(name, replacement);
		return copy;
	}

	/** Removes a random field, or sets it to null. */
	JsonNode withoutAField(JsonNode node) {
		JsonNode copy = node.deepCopy();
		List<ObjectNode> objects = objects(copy);
		if (objects.isEmpty()) {
			return copy;
		}
		ObjectNode target = pick(objects);
		List<String> names = new ArrayList<>();
		target.fieldNames().forEachRemaining(names::add);
		if (!names.isEmpty()) {
			String name = pick(names);
			if (chance(0.5)) {
				target.remove(name);
			}
			else {
				target.putNull(name);
			}
		}
		return copy;
	}

	JsonNode anyValue(int depth) {
		int kind = this.random.nextInt((depth > 0) ? 9 : 7);
		return switch (kind) {
			case 0 -> NODES.nullNode();
			case 1 -> NODES.booleanNode(this.random.nextBoolean());
			case 2 -> NODES.numberNode(pick(List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 4294967296L)));
			case 3 -> NODES.numberNode(pick(List.of(0.5, -1e300, 1e-300, 3.0)));
			case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(between(20, 400))));
			case 5, 6 -> NODES.textNode(text());
			case 7 -> {
				ArrayNode array = NODES.arrayNode();
				for (int i = between(0, 4); i > 0; i--) {
					array.add(anyValue(depth - 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = NODES.objectNode();
				for (int i = between(0, 4); i > 0; i--) {
					object.set("k" + this.random.nextInt(100), anyValue(depth - 1));
				}
				yield object;
			}
		};
	}

	private static List<ObjectNode> objects(JsonNode node) {
		List<ObjectNode> objects = new ArrayList<>();
		collect(node, objects);
		return objects;
	}

	private static void collect(JsonNode node, List<ObjectNode> objects) {
		if (node instanceof ObjectNode object) {
			objects.add(object);
		}
		node.forEach((child) -> collect(child, objects));
	}

	/**
	 * Writes the tree as JSON, escaping non-ASCII text or not (at random); lone
	 * surrogates are always escaped, as they cannot be written as UTF-8.
	 */
	String json(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out, this.random.nextInt(3) == 0);
		return out.toString();
	}

	private void write(JsonNode node, StringBuilder out, boolean escapeNonAscii) {
		if (node.isObject()) {
			out.append('{');
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				out.append(quote(field.getKey(), escapeNonAscii)).append(':');
				write(field.getValue(), out, escapeNonAscii);
				if (fields.hasNext()) {
					out.append(',');
				}
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(node.get(i), out, escapeNonAscii);
			}
			out.append(']');
		}
		else if (node.isTextual()) {
			out.append(quote(node.textValue(), escapeNonAscii));
		}
		else {
			out.append(node.toString());
		}
	}

	String quote(String text) {
		return quote(text, this.random.nextInt(3) == 0);
	}

	static String quote(String text, boolean escapeNonAscii) {
		StringBuilder out = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || (Character.isSurrogate(c) && !pair && !isSecondOfPair(text, i))
					|| (escapeNonAscii && c > 0x7E)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private static boolean isSecondOfPair(String text, int i) {
		return Character.isLowSurrogate(text.charAt(i)) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
	}

}
