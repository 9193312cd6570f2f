package com.careerconcierge.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.careerconcierge.fuzz.Shot.Transfer;
import com.careerconcierge.support.web.BodyLimit;
import com.careerconcierge.support.web.HttpProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the fuzzer's requests for every webhook and chat endpoint, from the real
 * payloads under {@code src/test/resources/telegram/} and {@code …/line/}. Garbage is
 * what no endpoint may accept in a way that changes anything; valid-looking input may be
 * accepted, by users nobody else uses.
 */
final class Shots {

	static final String TELEGRAM = "/telegram/webhook";

	static final String LINE = "/line/webhook";

	static final String SESSIONS = "/api/chat/sessions";

	static final String HANDOFFS = "/api/agent/handoffs/";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<String> TELEGRAM_UPDATES = List.of("text-message", "command-message", "callback-query",
			"sticker", "edited-message", "group-message");

	private static final List<String> LINE_EVENTS = List.of("text-message", "postback", "follow", "unfollow",
			"sticker-message", "location-message", "group-text-message", "group-mention-message",
			"standby-text-message", "unknown-events", "group-join", "verification");

	private static final List<String> JSON_TYPES = List.of("application/json", "application/json;charset=UTF-8",
			"application/json; charset=utf-8");

	/** Content types no JSON endpoint reads (none matches {@code application/*+json}). */
	private static final List<String> WRONG_TYPES = List.of("text/plain", "text/plain;charset=UTF-8", "application/xml",
			"application/octet-stream", "text/json", "image/png", "multipart/form-data; boundary=fz",
			"multipart/form-data", "application/x-www-form-urlencoded", "", "not a type", "application/", "*/*",
			"application/json-seq");

	private static final String DESTINATION = "U0a1b2c3d4e5f60718293a4b5c6d7e8f9";

	private final Mutations m;

	private final HttpProperties limits;

	private final java.util.Map<String, Long> declaredLimits;

	private final String telegramSecret;

	private final String lineSecret;

	private final String agentToken;

	private final AtomicLong fresh = new AtomicLong();

	private final Map<String, String> templates = new LinkedHashMap<>();

	Shots(Mutations mutations, HttpProperties limits, java.util.List<BodyLimit> declaredLimits, String telegramSecret,
			String lineSecret, String agentToken) {
		this.declaredLimits = declaredLimits.stream()
			.collect(java.util.stream.Collectors.toMap(BodyLimit::path, (limit) -> limit.maxSize().toBytes()));
		this.m = mutations;
		this.limits = limits;
		this.telegramSecret = telegramSecret;
		this.lineSecret = lineSecret;
		this.agentToken = agentToken;
	}

	/**
	 * Requests none of which may change anything stored or reach a platform: they are
	 * malformed, unsigned, unauthorised, oversized, or aimed at what does not exist.
	 * @param session a web chat session in the middle of a consultation
	 * @param agentSession a web chat session an agent holds
	 * @param handoff that session's handoff, claimed by the agent whose token we have
	 * @param scale how many requests per unit of weight
	 * @return the requests, shuffled
	 */
	List<Shot> garbage(String session, String agentSession, String handoff, int scale) {
		List<Shot> shots = new ArrayList<>();
		add(shots, 21 * scale, () -> webGarbage(messages(session)));
		add(shots, 4 * scale, () -> webGarbage(messages(agentSession)));
		add(shots, 6 * scale, this::unknownSession);
		add(shots, scale, this::oversizedNewSession);
		add(shots, 19 * scale, this::telegramGarbage);
		add(shots, 6 * scale, this::telegramWrongSecret);
		add(shots, 17 * scale, this::lineGarbage);
		add(shots, 6 * scale, this::lineUnsigned);
		add(shots, 10 * scale, () -> agentGarbage(handoff));
		add(shots, 4 * scale, () -> agentUnauthorised(handoff));
		add(shots, 4 * scale, this::agentUnknownHandoff);
		Collections.shuffle(shots, new Random(this.m.nextLong()));
		return shots;
	}

	/**
	 * Valid-looking requests with unknown fields, wrong types and odd text, each from a
	 * user of its own (a new Telegram chat, LINE user or web chat session), so that a
	 * refused one can be checked to have stored nothing.
	 * @param handoff a handoff claimed by the agent whose token we have
	 * @param scale how many requests per unit of weight
	 * @return the requests, shuffled
	 */
	List<Shot> validLooking(String handoff, int scale) {
		List<Shot> shots = new ArrayList<>();
		add(shots, 25 * scale, this::telegramUpdate);
		add(shots, 25 * scale, this::lineEvents);
		add(shots, 18 * scale, this::webMessage);
		add(shots, 4 * scale, this::newSessionWithABody);
		add(shots, 6 * scale, () -> agentMessage(handoff));
		Collections.shuffle(shots, new Random(this.m.nextLong()));
		return shots;
	}

	private static void add(List<Shot> shots, int count, Supplier<Shot> shot) {
		for (int i = 0; i < count; i++) {
			shots.add(shot.get());
		}
	}

	// --- web chat

	private Shot webGarbage(String path) {
		if (this.m.chance(0.04)) {
			return oversized(path, Map.of(), this::webBody, 413);
		}
		Body body = garbage(webBody(), this::webWrongShape);
		String type = this.m.chance(0.2) ? this.m.pick(WRONG_TYPES) : this.m.pick(JSON_TYPES);
		if (this.m.chance(0.1)) {
			// a wrong content type with a body that would otherwise be read
			type = this.m.pick(WRONG_TYPES);
			body = new Body("valid body, wrong content type", webBody());
		}
		return shot(body.what(), path, type, Map.of(), body.bytes(), transfer(), Shot.CLIENT_ERROR, null);
	}

	private byte[] webBody() {
		ObjectNode body = JSON.createObjectNode();
		if (this.m.chance(0.6)) {
			body.put("text", this.m.text());
		}
		else {
			body.put("postback", this.m.pick(Mutations.POSTBACKS));
		}
		return utf8(this.m.json(body));
	}

	private String webWrongShape() {
		return switch (this.m.between(0, 9)) {
			case 0 -> "{\"text\":" + this.m.json(notAString()) + "}";
			case 1 -> "{\"postback\":" + this.m.json(notAString()) + "}";
			case 2 -> "{}";
			case 3 -> "{" + this.m.quote(unknownName()) + ":" + this.m.json(this.m.anyValue(2)) + "}";
			case 4 -> "{\"text\":" + this.m.quote(this.m.text()) + ",\"postback\":"
					+ this.m.quote(this.m.pick(Mutations.POSTBACKS)) + "}";
			case 5 -> "{\"text\":" + this.m.quote(this.m.pick(List.of("", " ", "   ", "\t", "\n", "\u3000"))) + "}";
			case 6 -> "{\"text\":" + this.m.quote("あ".repeat(this.m.between(2001, 3000))) + "}";
			case 7 -> "{\"text\":null,\"postback\":null}";
			default -> "{\"Text\":" + this.m.quote(this.m.text()) + "}";
		};
	}

	private Shot unknownSession() {
		String id = this.m.pick(List.of(randomId(22), randomId(this.m.between(1, 60)), "AAAAAAAAAAAAAAAAAAAAAA", "%00",
				"%20", "..%2F..", "%2e%2e", "%E3%81%82%E3%81%82", "null", "undefined", "a;b=c", "%25", "-",
				"x".repeat(300), "%F0%9F%98%80"));
		return shot("unknown session " + id, SESSIONS + "/" + id + "/messages", this.m.pick(JSON_TYPES), Map.of(),
				webBody(), transfer(), Shot.CLIENT_ERROR, null);
	}

	private Shot oversizedNewSession() {
		return shot("oversized body for a new session", SESSIONS, this.m.pick(JSON_TYPES), Map.of(),
				utf8("{\"x\":" + Mutations.quote(this.m.huge(this.limits.maxBodySize().toBytes()), false) + "}"),
				Transfer.LENGTH, 413, null);
	}

	private Shot webMessage() {
		JsonNode body = JSON.createObjectNode();
		switch (this.m.between(0, 10)) {
			case 0, 1, 2, 3 -> ((ObjectNode) body).put("text", this.m.text());
			case 4, 5, 6 -> ((ObjectNode) body).put("postback", this.m.pick(Mutations.POSTBACKS));
			case 7 -> ((ObjectNode) body).put("text", this.m.text()).put("postback", this.m.pick(Mutations.POSTBACKS));
			default -> body = this.m.anyValue(3);
		}
		body = mutate(body);
		String type = this.m.chance(0.9) ? this.m.pick(JSON_TYPES) : this.m.pick(List.of("application/vnd.fuzz+json",
				"application/json;charset=ISO-8859-1", "application/problem+json"));
		return shot("valid-looking web chat message", SESSIONS + "/" + Shot.SESSION + "/messages", type, Map.of(),
				utf8(this.m.json(body)), transfer(), Shot.ANY_BUT_5XX, "cc:{web:" + Shot.SESSION + "}:*");
	}

	private Shot newSessionWithABody() {
		Body body = garbage(webBody(), this::webWrongShape);
		if (this.m.chance(0.1)) {
			// read by nobody, so not refused either
			body = new Body("oversized, chunked, unread",
					utf8(Mutations.quote(this.m.huge(this.limits.maxBodySize().toBytes()), false)));
			return shot(body.what(), SESSIONS, this.m.pick(JSON_TYPES), Map.of(), body.bytes(), Transfer.CHUNKED,
					Shot.ANY_BUT_5XX, null);
		}
		String type = this.m.chance(0.7) ? this.m.pick(JSON_TYPES) : this.m.pick(WRONG_TYPES);
		return shot("new session with " + body.what(), SESSIONS, type, Map.of(), body.bytes(), transfer(),
				Shot.ANY_BUT_5XX, null);
	}

	private static String messages(String session) {
		return SESSIONS + "/" + session + "/messages";
	}

	// --- Telegram

	private Map<String, String> secret() {
		return Map.of("X-Telegram-Bot-Api-Secret-Token", this.telegramSecret);
	}

	private Shot telegramGarbage() {
		if (this.m.chance(0.05)) {
			return oversized(TELEGRAM, secret(), this::telegramBody, 413);
		}
		Body body = garbage(telegramBody(), this::telegramWrongShape);
		String type = this.m.chance(0.15) ? this.m.pick(WRONG_TYPES) : this.m.pick(JSON_TYPES);
		return shot(body.what(), TELEGRAM, type, secret(), body.bytes(), transfer(), Shot.ANY_BUT_5XX, null);
	}

	private Shot telegramWrongSecret() {
		Map<String, String> headers = new LinkedHashMap<>();
		String wrong = this.m.pick(List.of("", "wrong", this.telegramSecret + "x", this.telegramSecret.substring(1),
				this.telegramSecret.toUpperCase(java.util.Locale.ROOT), randomId(this.m.between(1, 256)), "\u00e9"));
		if (this.m.chance(0.8)) {
			headers.put("X-Telegram-Bot-Api-Secret-Token", wrong);
		}
		if (this.m.chance(0.05)) {
			return oversized(TELEGRAM, headers, this::telegramBody, 413);
		}
		byte[] body = this.m.chance(0.5) ? telegramBody() : garbage(telegramBody(), this::telegramWrongShape).bytes();
		return shot("wrong or missing secret", TELEGRAM, this.m.pick(JSON_TYPES), headers, body, transfer(), 401, null);
	}

	/** A real update for a chat nobody else uses. */
	private byte[] telegramBody() {
		return utf8(telegramUpdate(this.m.pick(TELEGRAM_UPDATES), freshChat()));
	}

	private long freshChat() {
		return 9_100_000_000L + this.fresh.incrementAndGet();
	}

	private String telegramUpdate(String template, long chat) {
		long id = template.equals("group-message") ? -chat : chat;
		String data = this.m.chance(0.7) ? this.m.pick(Mutations.POSTBACKS) : this.m.text();
		return template(TELEGRAM, template).replace("${updateId}", String.valueOf(this.m.between(1, Integer.MAX_VALUE)))
			.replace("${messageId}", String.valueOf(this.m.between(1, 1_000_000)))
			.replace("${chatId}", String.valueOf(id))
			.replace("${text}", this.m.quote(this.m.text()))
			.replace("${data}", this.m.quote(data));
	}

	private String telegramWrongShape() {
		int update = this.m.between(1, Integer.MAX_VALUE);
		String prefix = "{\"update_id\":" + update + ",";
		return switch (this.m.between(0, 14)) {
			case 0 -> "{}";
			case 1 -> "{\"update_id\":null}";
			case 2 -> "{\"update_id\":" + this.m.json(notAScalar()) + "}";
			case 3 -> prefix + "\"message\":" + this.m.json(notAnObject()) + "}";
			case 4 -> prefix + "\"message\":{}}";
			case 5 -> prefix + "\"edited_message\":{}}";
			case 6 -> prefix + "\"callback_query\":{}}";
			case 7 -> prefix + "\"callback_query\":{\"id\":\"q\",\"message\":{}}}";
			case 8 -> prefix + "\"callback_query\":" + this.m.json(notAnObject()) + "}";
			case 9 -> prefix + "\"message\":{\"message_id\":1,\"date\":1,\"chat\":" + this.m.json(notAnObject())
					+ ",\"text\":\"hi\"}}";
			case 10 -> prefix + "\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":" + this.m.json(notAScalar())
					+ ",\"type\":\"private\"},\"text\":\"hi\"}}";
			case 11 -> "[" + new String(telegramBody(), StandardCharsets.UTF_8) + "]";
			case 12 -> prefix + this.m.quote(unknownName()) + ":" + this.m.json(this.m.anyValue(3)) + "}";
			// Jackson reads a number or a boolean as text, but not an array or an object.
			default -> prefix + "\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":1,\"type\":\"private\"},"
					+ "\"text\":" + this.m.json(notAScalar()) + "}}";
		};
	}

	private Shot telegramUpdate() {
		long chat = freshChat();
		String template = this.m.pick(TELEGRAM_UPDATES);
		byte[] body = utf8(this.m.json(mutate(read(telegramUpdate(template, chat)))));
		body = spoilSometimes(body);
		String type = this.m.chance(0.85) ? this.m.pick(JSON_TYPES) : this.m.pick(WRONG_TYPES);
		long id = template.equals("group-message") ? -chat : chat;
		return shot("valid-looking " + template, TELEGRAM, type, secret(), body, transfer(), Shot.ANY_BUT_5XX,
				"cc:{telegram:" + id + "}:*");
	}

	// --- LINE

	private Shot lineGarbage() {
		if (this.m.chance(0.05)) {
			return oversized(LINE, Map.of(), this::lineBody, 413);
		}
		Body body = garbage(lineBody(), this::lineWrongShape);
		String type = this.m.chance(0.15) ? this.m.pick(WRONG_TYPES) : this.m.pick(JSON_TYPES);
		return shot("signed " + body.what(), LINE, type,
				Map.of("x-line-signature", sign(this.lineSecret, body.bytes())), body.bytes(), transfer(),
				Shot.ANY_BUT_5XX, null);
	}

	private Shot lineUnsigned() {
		byte[] body = this.m.chance(0.5) ? lineBody() : garbage(lineBody(), this::lineWrongShape).bytes();
		Map<String, String> headers = new LinkedHashMap<>();
		byte[] random = new byte[32];
		new Random(this.m.nextLong()).nextBytes(random);
		String signature = this.m.pick(List.of("", Base64.getEncoder().encodeToString(random), "!!!not base64!!!",
				sign("another-channel-secret", body), sign(this.lineSecret, concat(body, utf8(" "))),
				sign(this.lineSecret, body).substring(1),
				sign(this.lineSecret, body).toLowerCase(java.util.Locale.ROOT), "x".repeat(this.m.between(1, 1000))));
		if (this.m.chance(0.8)) {
			headers.put("x-line-signature", signature);
		}
		if (this.m.chance(0.05)) {
			return oversized(LINE, headers, this::lineBody, 413);
		}
		return shot("unsigned or wrongly signed", LINE, this.m.pick(JSON_TYPES), headers, body, transfer(), 401, null);
	}

	/** A real webhook body for a user nobody else uses. */
	private byte[] lineBody() {
		return utf8(this.m.json(lineTree(freshLineUser())));
	}

	private String freshLineUser() {
		return "U" + String.format("%032x", 0xF0000000L + this.fresh.incrementAndGet());
	}

	private ObjectNode lineTree(String user) {
		String group = "C" + String.format("%032x", 0xC0000000L + this.fresh.incrementAndGet());
		ObjectNode body = JSON.createObjectNode().put("destination", DESTINATION);
		ArrayNode events = body.putArray("events");
		int count = this.m.chance(0.7) ? 1 : this.m.between(2, 5);
		for (int i = 0; i < count; i++) {
			String event = template(LINE, this.m.pick(LINE_EVENTS)).replace("{{userId}}", user)
				.replace("{{groupId}}", group)
				.replace("{{eventId}}", "01FZ" + randomId(22).toUpperCase(java.util.Locale.ROOT).replace('-', '0'))
				.replace("{{replyToken}}", HexFormat.of().toHexDigits(this.m.nextLong()))
				.replace("{{redelivery}}", String.valueOf(this.m.chance(0.1)))
				.replace("{{timestamp}}", String.valueOf(System.currentTimeMillis()))
				.replace("{{text}}", unquoted(this.m.text()))
				.replace("{{data}}", unquoted(this.m.pick(Mutations.POSTBACKS)));
			read(event).path("events").forEach(events::add);
		}
		return body;
	}

	private String lineWrongShape() {
		String user = "\"source\":{\"type\":\"user\",\"userId\":\"" + freshLineUser() + "\"}";
		return switch (this.m.between(0, 13)) {
			case 0 -> "{}";
			case 1 -> "{\"destination\":\"" + DESTINATION + "\"}";
			case 2 -> "{\"events\":null}";
			case 3 -> "{\"events\":" + this.m.json(notAnArray()) + "}";
			case 4 -> "{\"events\":[" + this.m.json(notAnObject()) + "]}";
			case 5 -> "{\"events\":[null]}";
			case 6 -> "{\"events\":[{}]}";
			case 7 -> "{\"events\":[{\"type\":\"message\"}]}";
			case 8 -> "{\"events\":[{\"type\":\"message\",\"source\":" + this.m.json(notAnObject()) + "}]}";
			case 9 -> "{\"events\":[{\"type\":\"message\",\"source\":{\"type\":\"user\"},"
					+ "\"message\":{\"type\":\"text\",\"id\":\"1\",\"text\":\"hi\"}}]}";
			case 10 -> "{\"events\":[{\"type\":\"message\",\"mode\":\"standby\"," + user
					+ ",\"message\":{\"type\":\"text\",\"id\":\"1\",\"text\":\"相談したい\"}}]}";
			case 11 -> "{\"events\":[{\"type\":" + this.m.quote("fuzz_" + this.m.text()) + "," + user + "}]}";
			default -> "{\"destination\":" + this.m.json(notAString()) + ",\"events\":[]}";
		};
	}

	private Shot lineEvents() {
		String user = freshLineUser();
		byte[] body = utf8(this.m.json(mutate(lineTree(user))));
		body = spoilSometimes(body);
		String type = this.m.chance(0.9) ? this.m.pick(JSON_TYPES) : this.m.pick(WRONG_TYPES);
		return shot("valid-looking LINE events", LINE, type, Map.of("x-line-signature", sign(this.lineSecret, body)),
				body, transfer(), Shot.ANY_BUT_5XX, "cc:{line:" + user + "}:*");
	}

	// --- agent API

	private Map<String, String> bearer() {
		return Map.of("Authorization", "Bearer " + this.agentToken);
	}

	private Shot agentGarbage(String handoff) {
		String path = HANDOFFS + handoff + "/messages";
		if (this.m.chance(0.05)) {
			return oversized(path, bearer(), this::agentBody, 413);
		}
		Body body = garbage(agentBody(), this::agentWrongShape);
		String type = this.m.chance(0.2) ? this.m.pick(WRONG_TYPES) : this.m.pick(JSON_TYPES);
		if (this.m.chance(0.1)) {
			type = this.m.pick(WRONG_TYPES);
			body = new Body("valid body, wrong content type", agentBody());
		}
		return shot(body.what(), path, type, bearer(), body.bytes(), transfer(), Shot.CLIENT_ERROR, null);
	}

	private byte[] agentBody() {
		return utf8(this.m.json(JSON.createObjectNode().put("text", this.m.text())));
	}

	private String agentWrongShape() {
		return switch (this.m.between(0, 6)) {
			case 0 -> "{\"text\":" + this.m.json(notAString()) + "}";
			case 1 -> "{}";
			case 2 -> "{\"txt\":" + this.m.quote(this.m.text()) + "}";
			case 3 -> "{\"text\":" + this.m.quote(this.m.pick(List.of("", " ", "\t\n", "\u3000"))) + "}";
			case 4 -> "{\"text\":" + this.m.quote("あ".repeat(this.m.between(2001, 3000))) + "}";
			default -> "{\"Text\":" + this.m.quote(this.m.text()) + "}";
		};
	}

	private Shot agentUnauthorised(String handoff) {
		String action = this.m.pick(List.of("messages", "claim", "release", "close"));
		String path = HANDOFFS + (this.m.chance(0.7) ? handoff : randomId(12)) + "/" + action;
		Map<String, String> headers = new LinkedHashMap<>();
		String authorization = this.m.pick(List.of("Bearer", "Bearer ", "Bearer wrong-token", "Basic YWxpY2U6eA==",
				this.agentToken, "Bearer " + this.agentToken + "x", "Bearer " + this.agentToken.substring(1),
				"Bearer " + this.agentToken.toUpperCase(java.util.Locale.ROOT), "Token " + this.agentToken));
		if (this.m.chance(0.8)) {
			headers.put("Authorization", authorization);
		}
		if (this.m.chance(0.05)) {
			return oversized(path, headers, this::agentBody, 401);
		}
		return shot("no or a wrong token", path, this.m.pick(JSON_TYPES), headers,
				this.m.chance(0.5) ? agentBody() : garbage(agentBody(), this::agentWrongShape).bytes(), transfer(), 401,
				null);
	}

	private Shot agentUnknownHandoff() {
		String action = this.m.pick(List.of("messages", "claim", "release", "close"));
		String id = this.m.pick(List.of(randomId(12), randomId(40), "%00", "..", "%2e%2e", "0", "-1", "null"));
		return shot("unknown handoff " + id, HANDOFFS + id + "/" + action, this.m.pick(JSON_TYPES), bearer(),
				agentBody(), transfer(), Shot.CLIENT_ERROR, null);
	}

	private Shot agentMessage(String handoff) {
		JsonNode body = mutate(JSON.createObjectNode().put("text", this.m.text()));
		return shot("valid-looking agent message", HANDOFFS + handoff + "/messages", this.m.pick(JSON_TYPES), bearer(),
				utf8(this.m.json(body)), transfer(), Shot.ANY_BUT_5XX, null);
	}

	// --- mutations shared by the endpoints

	/** A malformed variant of a valid body, or a wrongly shaped one. */
	private Body garbage(byte[] valid, Supplier<String> wrongShape) {
		return switch (this.m.between(0, 12)) {
			case 0, 1 -> new Body("truncated", this.m.truncate(valid));
			case 2 -> new Body("random bytes", this.m.randomBytes(2048));
			case 3 -> new Body("not JSON", utf8(this.m.notJson()));
			case 4 -> new Body("not an object", utf8(this.m.notAnObject()));
			case 5 -> new Body("deeply nested", utf8(this.m.nesting(this.m.depth())));
			case 6, 7, 8 -> new Body("wrongly shaped", utf8(wrongShape.get()));
			case 9 -> new Body("invalid bytes", this.m.invalidBytes(valid));
			case 10 -> new Body("empty", new byte[0]);
			default -> new Body("byte order mark, truncated", concat(utf8("\uFEFF"), this.m.truncate(valid)));
		};
	}

	/** Unknown fields, wrong types, missing fields: none, one or a few. */
	private JsonNode mutate(JsonNode body) {
		JsonNode mutated = body;
		int rounds = this.m.between(0, 4);
		for (int i = 0; i < rounds; i++) {
			mutated = switch (this.m.between(0, 4)) {
				case 0, 1 -> this.m.withUnknownFields(mutated);
				case 2 -> this.m.withWrongType(mutated);
				default -> this.m.withoutAField(mutated);
			};
		}
		return mutated;
	}

	/** Sometimes flips bytes, adds invalid bytes or buries a deep nesting in a field. */
	private byte[] spoilSometimes(byte[] body) {
		return switch (this.m.between(0, 10)) {
			case 0 -> this.m.flip(body);
			case 1 -> this.m.invalidBytes(body);
			case 2 -> {
				String text = new String(body, StandardCharsets.UTF_8);
				int end = text.lastIndexOf('}');
				yield (end > 0) ? utf8(
						text.substring(0, end) + ",\"x_deep\":" + this.m.nesting(this.m.depth()) + text.substring(end))
						: body;
			}
			default -> body;
		};
	}

	/**
	 * A body over the path's limit; declared, it is refused before it is read, streamed
	 * it is refused once read (if the endpoint reads it; otherwise {@code chunked}).
	 */
	private Shot oversized(String path, Map<String, String> headers, Supplier<byte[]> valid, int chunked) {
		long limit = limitFor(path);
		byte[] body;
		if (this.m.chance(0.5)) {
			String text = new String(valid.get(), StandardCharsets.UTF_8);
			int end = text.lastIndexOf('}');
			body = utf8(text.substring(0, end) + ",\"x_huge\":"
					+ Mutations.quote(this.m.huge(limit + this.m.between(1, 65_536)), false) + text.substring(end));
		}
		else {
			body = concat(utf8("{\"text\":\""), utf8("a".repeat((int) limit + this.m.between(0, 65_536))));
		}
		Transfer transfer = this.m.chance(0.5) ? Transfer.LENGTH : Transfer.CHUNKED;
		String type = this.m.chance(0.9) ? this.m.pick(JSON_TYPES) : this.m.pick(WRONG_TYPES);
		if (!JSON_TYPES.contains(type) && transfer == Transfer.CHUNKED) {
			chunked = Shot.CLIENT_ERROR; // may be refused for its type before it is read
		}
		Map<String, String> signed = new LinkedHashMap<>(headers);
		if (path.equals(LINE) && headers.isEmpty()) {
			signed.put("x-line-signature", sign(this.lineSecret, body));
		}
		return shot("oversized", path, type, signed, body, transfer, (transfer == Transfer.CHUNKED) ? chunked : 413,
				null);
	}

	private Shot shot(String what, String path, String contentType, Map<String, String> headers, byte[] body,
			Transfer transfer, int expected, String identity) {
		Map<String, String> all = new LinkedHashMap<>();
		if (contentType != null && this.m.chance(0.97)) {
			all.put("Content-Type", contentType);
		}
		all.putAll(headers);
		if (body.length > limitFor(path) && transfer != Transfer.CHUNKED) {
			expected = 413; // whatever else is wrong with it
		}
		if (expected == 413 && transfer == Transfer.CHUNKED && !all.containsKey("Content-Type")) {
			expected = Shot.CLIENT_ERROR; // may be refused for its type before it is read
		}
		return new Shot(what, path, all, body, transfer, expected, identity);
	}

	private Transfer transfer() {
		return this.m.chance(0.2) ? Transfer.CHUNKED : Transfer.LENGTH;
	}

	private long limitFor(String path) {
		return this.declaredLimits.getOrDefault(path, this.limits.maxBodySize().toBytes());
	}

	private JsonNode notAString() {
		JsonNode value;
		do {
			value = this.m.anyValue(2);
		}
		while (value.isTextual() || value.isNull());
		return value;
	}

	/** Neither an object nor anything Jackson would coerce to a number or an object. */
	private JsonNode notAnObject() {
		JsonNode value;
		do {
			value = this.m.anyValue(2);
		}
		while (value.isObject() || value.isNull());
		return value;
	}

	private JsonNode notAScalar() {
		return this.m.chance(0.5) ? JSON.createArrayNode().add(1) : JSON.createObjectNode().put("a", 1);
	}

	private JsonNode notAnArray() {
		JsonNode value;
		do {
			value = this.m.anyValue(2);
		}
		while (value.isArray() || value.isNull());
		return value;
	}

	private String unknownName() {
		return this.m.pick(List.of("foo", "Text", "TEXT", "txt", "message", "", " ", "\u0000", "ｔｅｘｔ", "text "));
	}

	private String randomId(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < length; i++) {
			id.append(alphabet.charAt(this.m.between(0, alphabet.length())));
		}
		return id.toString();
	}

	private String unquoted(String text) {
		String quoted = this.m.quote(text);
		return quoted.substring(1, quoted.length() - 1);
	}

	private String template(String channel, String name) {
		String path = (channel.equals(TELEGRAM) ? "telegram/" : "line/") + name + ".json";
		return this.templates.computeIfAbsent(path, (resource) -> {
			try (InputStream in = Shots.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("No test payload " + resource);
				}
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static JsonNode read(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (IOException ex) {
			throw new IllegalStateException("A template did not make JSON: " + json, ex);
		}
	}

	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/**
	 * A body and how it was made.
	 *
	 * @param what the mutation
	 * @param bytes the body
	 */
	private record Body(String what, byte[] bytes) {
	}

}
