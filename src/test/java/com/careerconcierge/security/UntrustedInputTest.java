package com.careerconcierge.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RawHttp.Answer;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text that would read differently than it was written, or bytes that decode to something
 * else than they say, are refused (400) and change nothing; what is kept is never cut
 * inside a character; a web session id, the chat's only credential, is never logged
 * whole.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UntrustedInputTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	RedisKeys redis;

	WebChat chat;

	@BeforeEach
	void setUp() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		this.chat = new WebChat(this.port);
		this.chat.open();
		this.chat.press("相談を始める");
	}

	@Test
	void controlsBidiOverridesAndInvisibleOnlyTextAreRefused() {
		String before = this.redis.everything();
		for (String text : List.of("給料\u0000が心配", "経理\u202Eがいい", "\u2066人事\u2069", "\u200B\u200B", "\u2060\uFEFF",
				"\u0007")) {
			Answer answer = post(json(text));
			assertThat(answer.status()).as(escape(text)).isEqualTo(400);
			assertThat(answer.header("content-type")).startsWith("application/problem+json");
		}
		assertThat(this.redis.everything()).isEqualTo(before);
		// an emoji sequence joined by zero-width joiners is ordinary text
		assertThat(post(json("給料が心配です👨‍👩‍👧")).status()).isEqualTo(200);
	}

	@Test
	void duplicateKeysAndOverlongUtf8AreRefused() {
		String before = this.redis.everything();
		Answer duplicate = post("{\"text\":\"給料が心配\",\"text\":\"/forget\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(duplicate.status()).isEqualTo(400);
		// C0 BC is an overlong "<"; ED A0 80 a UTF-16 surrogate; F8 never starts a
		// character; a body may not end inside one either
		for (byte[] bad : List.of(bytes("{\"text\":\"", 0xC0, 0xBC, "script\"}"),
				bytes("{\"text\":\"", 0xED, 0xA0, 0x80, "\"}"), bytes("{\"text\":\"", 0xF8, 0x88, "\"}"),
				bytes("{\"text\":\"a\"}", 0xE3, 0x81))) {
			Answer answer = post(bad);
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.header("content-type")).startsWith("application/problem+json");
		}
		assertThat(post(bytes("{\"text\":\"", 0xC0, 0xBC, "script\"}")).body())
			.contains("The request body is not well-formed UTF-8.");
		assertThat(this.redis.everything()).isEqualTo(before);
	}

	@Test
	void aLongEpisodeIsCutBetweenCharacters() throws Exception {
		this.chat.press("給料が下がりそう");
		this.chat.press("次へ進む");
		this.chat.press("お客様目線");
		this.chat.press("次へ進む");
		// the 200th character is an emoji (two UTF-16 units)
		this.chat.say("あ".repeat(199) + "😀".repeat(20));
		JsonNode session = JSON.readTree(this.redis.session(this.chat.sessionId()));
		String episode = session.get("episode").asText();
		assertThat(episode).isEqualTo("あ".repeat(199) + "😀" + "…");
		assertThat(new String(episode.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(episode);
	}

	@Test
	void aWebSessionIdIsNeverLoggedWhole(CapturedOutput output) {
		this.chat.say("担当者と話したい");
		this.chat.say("/forget");
		this.chat.press("削除する");
		new RawHttp(this.port).postJson("/api/chat/sessions/" + this.chat.sessionId() + "/messages", json("こんにちは"));
		assertThat(output.getAll()).contains(this.chat.sessionId().substring(0, 6) + "…")
			.doesNotContain(this.chat.sessionId());
	}

	private Answer post(byte[] body) {
		return new RawHttp(this.port).postJson("/api/chat/sessions/" + this.chat.sessionId() + "/messages", body);
	}

	private static byte[] json(String text) {
		return JSON.createObjectNode().put("text", text).toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Text and raw byte values, in order. */
	private static byte[] bytes(Object... parts) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (Object part : parts) {
			if (part instanceof String text) {
				out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
			}
			else {
				out.write((Integer) part);
			}
		}
		return out.toByteArray();
	}

	private static String escape(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints()
			.forEach((cp) -> out.append((cp < 0x20 || cp > 0x7E) ? String.format("\\u%04X", cp) : (char) cp));
		return out.toString();
	}

}
