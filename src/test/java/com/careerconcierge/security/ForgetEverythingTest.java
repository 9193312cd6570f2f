package com.careerconcierge.security;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /forget} deletes everything that belongs to the user, their handoffs included:
 * afterwards nothing in Redis holds their words or their id, and agents see none of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + ForgetEverythingTest.TOKEN + ":supervisor",
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class ForgetEverythingTest {

	static final String TOKEN = "alice-token-0123456789";

	static final String EPISODE = "展示会で名刺を三百枚集めて翌週全員に電話した";

	static final String SAID = "夜なら電話に出られます、080の番号です";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	RedisKeys redis;

	@BeforeEach
	void setUp() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
	}

	@Test
	void forgetDeletesTheUsersHandoffsWordsAndIdFromEverywhere() {
		AgentApi alice = new AgentApi(this.port, TOKEN);
		WebChat user = new WebChat(this.port);
		user.open();
		user.press("相談を始める");
		user.press("給料が下がりそう");
		user.press("次へ進む");
		user.press("お客様目線");
		user.press("次へ進む");
		user.say(EPISODE);
		// a first handoff, cancelled; then a second one an agent takes
		user.say("担当者と話したい");
		user.press("ボットとの相談に戻る");
		user.say("担当者と話したい");
		String id = AgentApi.ok(alice.get("/api/agent/handoffs?status=waiting")).get(0).get("id").asText();
		AgentApi.ok(alice.say(id, "こんにちは、担当のアリスです。"));
		user.say(SAID);
		assertThat(this.redis.everything()).contains(EPISODE, SAID, user.sessionId());

		user.say("/forget");
		user.press("削除する");

		String everything = this.redis.everything();
		assertThat(everything).doesNotContain(EPISODE).doesNotContain(SAID).doesNotContain(user.sessionId());
		for (String status : new String[] { "waiting", "active", "closed" }) {
			JsonNode list = AgentApi.ok(alice.get("/api/agent/handoffs?status=" + status));
			assertThat(list.toString()).doesNotContain(EPISODE).doesNotContain(user.sessionId().substring(0, 6));
		}
		assertThat(alice.get("/api/agent/handoffs/" + id).status()).isEqualTo(404);
		assertThat(alice.get("/api/agent/handoffs/" + id + "/transcript").status()).isEqualTo(404);
	}

}
