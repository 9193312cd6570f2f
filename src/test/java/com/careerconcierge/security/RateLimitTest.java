package com.careerconcierge.security;

import java.nio.charset.StandardCharsets;

import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RawHttp.Answer;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past a limit a client gets 429 with {@code Retry-After} and nothing changes: new chat
 * sessions per address, messages per session, wrong agent tokens per address (after which
 * even the right token waits), and an {@code X-Forwarded-For} from an untrusted peer does
 * not reset the count. Session creation takes JSON only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + RateLimitTest.TOKEN,
				"concierge.limits.session-creations.capacity=3", "concierge.limits.session-creations.per=1h",
				"concierge.limits.session-messages.capacity=4", "concierge.limits.session-messages.per=1h",
				"concierge.limits.failed-sign-ins.capacity=3", "concierge.limits.failed-sign-ins.per=1h",
				"concierge.limits.agent-requests.capacity=5", "concierge.limits.agent-requests.per=1h" })
class RateLimitTest {

	static final String TOKEN = "alice-token-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	RawHttp http;

	@BeforeEach
	void setUp() {
		new RedisKeys(this.redis).flush();
		this.http = new RawHttp(this.port);
	}

	@Test
	void sessionsPerAddressMessagesPerSessionAndWrongTokensAreLimited() {
		// (one test: the buckets live as long as the application)
		WebChat chat = new WebChat(this.port);
		chat.open();
		assertThat(create().status()).isEqualTo(201);
		assertThat(create().status()).isEqualTo(201);
		Answer refused = create("X-Forwarded-For: 203.0.113.7");
		assertTooMany(refused);
		assertThat(this.redis.keys("cc:{web:*}:session")).hasSize(3);

		chat.press("相談を始める");
		chat.press("給料が下がりそう");
		chat.press("次へ進む");
		chat.say("コミュニケーション力");
		String before = new RedisKeys(this.redis).snapshot().toString();
		Answer tooMany = this.http.postJson("/api/chat/sessions/" + chat.sessionId() + "/messages",
				"{\"text\":\"次へ\"}".getBytes(StandardCharsets.UTF_8));
		assertTooMany(tooMany);
		assertThat(new RedisKeys(this.redis).snapshot().toString()).isEqualTo(before);

		for (int i = 0; i < 3; i++) {
			assertThat(agent("Bearer wrong-token-" + i).status()).isEqualTo(401);
		}
		assertTooMany(agent("Bearer wrong-token-3"));
		assertTooMany(agent("Bearer " + TOKEN));
	}

	@Test
	void aSessionIsCreatedOnlyFromAJsonRequest() {
		Answer form = this.http.send("POST /api/chat/sessions HTTP/1.1\r\nContent-Type: text/plain",
				"x".getBytes(StandardCharsets.UTF_8));
		assertThat(form.status()).isEqualTo(415);
		Answer bare = this.http.send("POST /api/chat/sessions HTTP/1.1", null);
		assertThat(bare.status()).isEqualTo(415);
		assertThat(this.redis.keys("cc:*")).isEmpty();
	}

	private Answer create(String... headers) {
		return this.http.postJson("/api/chat/sessions", "{}".getBytes(StandardCharsets.UTF_8), headers);
	}

	private Answer agent(String authorization) {
		return this.http.get("/api/agent/handoffs", "Authorization: " + authorization);
	}

	private static void assertTooMany(Answer answer) {
		assertThat(answer.status()).isEqualTo(429);
		assertThat(answer.header("content-type")).startsWith("application/problem+json");
		assertThat(Long.parseLong(answer.header("retry-after"))).isPositive();
	}

}
