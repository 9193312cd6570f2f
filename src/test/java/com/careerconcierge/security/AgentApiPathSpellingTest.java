package com.careerconcierge.security;

import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.support.AgentApi;
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
 * No spelling of an agent API path answers without a token: encoded letters, path
 * parameters, double encoding, dot segments, doubled or trailing slashes, other cases,
 * sent byte for byte as an attacker would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + AgentApiPathSpellingTest.TOKEN,
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class AgentApiPathSpellingTest {

	static final String TOKEN = "alice-token-0123456789";

	static final String EPISODE = "取引先の倉庫を毎週回って在庫表を作り直した";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	String handoffId;

	String sessionId;

	@BeforeEach
	void aUserWaitsForAnAgent() {
		new RedisKeys(this.redis).flush();
		WebChat user = new WebChat(this.port);
		user.open();
		user.press("相談を始める");
		user.press("給料が下がりそう");
		user.press("次へ進む");
		user.press("お客様目線");
		user.press("次へ進む");
		user.say(EPISODE);
		user.say("担当者と話したい");
		this.sessionId = user.sessionId();
		this.handoffId = AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/handoffs?status=waiting"))
			.get(0)
			.get("id")
			.asText();
	}

	@Test
	void withATokenTheQueueShowsTheUsersEpisode() {
		Answer answer = new RawHttp(this.port).get("/api/agent/handoffs?status=waiting",
				"Authorization: Bearer " + TOKEN);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains(EPISODE, this.handoffId).doesNotContain(this.sessionId);
	}

	@Test
	void everySpellingOfAProtectedPathIsRefusedWithoutAToken() {
		String id = this.handoffId;
		List<String> paths = List.of("/api/agent/handoffs", "/api/agent/handoffs?status=closed",
				"/api/%61gent/handoffs?status=waiting", "/api/agent;x/handoffs", "/api;/agent/handoffs",
				"/%61pi/agent/handoffs", "/api/agent/handoffs/", "/API/agent/handoffs", "/api/AGENT/handoffs",
				"//api/agent/handoffs", "/api//agent/handoffs", "/api/agent//handoffs", "/api/%2561gent/handoffs",
				"/api/agent/%2e/handoffs", "/api/agent/./handoffs", "/api/chat/../agent/handoffs",
				"/api/chat/%2e%2e/agent/handoffs", "/api/agent/handoffs%2F", "/api/agent%2Fhandoffs",
				"/api/agent/handoffs;jsessionid=1", "/api/agent/%68andoffs", "/api/agent/handoffs%3Fstatus=waiting",
				"/api/agent/handoffs/" + id, "/api/agent/handoffs/" + id + "/transcript",
				"/api/ag%65nt/handoffs/" + id + "/transcript", "/api/agent/handoffs/" + id + ";a=b/transcript",
				"/api/agent/handoffs/%20" + id, "/api/agent/events", "/api/%61gent/events");
		List<String> leaks = new ArrayList<>();
		for (String path : paths) {
			for (String method : List.of("GET", "POST")) {
				Answer answer = new RawHttp(this.port).send(method + " " + path + " HTTP/1.1", null);
				// (the handoff id may come back only as part of the path, in "instance")
				if (answer.status() < 400 || answer.status() >= 500 || answer.body().contains(EPISODE)
						|| answer.body().contains("\"summary\"") || answer.body().contains("\"status\":\"waiting\"")) {
					leaks.add(method + " " + path + " -> " + answer.status() + " " + answer.body());
				}
			}
		}
		assertThat(leaks).isEmpty();
	}

	@Test
	void aWrongTokenIsRefusedOnEverySpellingToo() {
		for (String path : List.of("/api/%61gent/handoffs", "/api/agent/handoffs",
				"/api/agent/handoffs/" + this.handoffId + "/transcript")) {
			Answer answer = new RawHttp(this.port).get(path, "Authorization: Bearer alice-token-0123456788");
			assertThat(answer.status()).as(path).isEqualTo(401);
			assertThat(answer.header("content-type")).startsWith("application/problem+json");
			assertThat(answer.body()).doesNotContain(EPISODE);
		}
	}

}
