package com.careerconcierge.handoff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.EventStream;
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
 * A web-chat user asks for a person and career agents take over through the agent API,
 * against the real app and Redis; agent hours are set to always open here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=" + HandoffTest.TOKENS, "concierge.handoff.agent-names=alice=有栖",
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class HandoffTest {

	static final String ALICE_TOKEN = "alice-token-0123456789";

	static final String BOB_TOKEN = "bob-token-0123456789abc";

	static final String CAROL_TOKEN = "carol-token-0123456789xyz";

	static final String TOKENS = "alice:" + ALICE_TOKEN + ",bob:" + BOB_TOKEN + ",carol:" + CAROL_TOKEN + ":supervisor";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	WebChat user;

	AgentApi alice;

	AgentApi bob;

	@BeforeEach
	void setUp() {
		new RedisKeys(this.redisTemplate).flush();
		this.user = new WebChat(this.port);
		this.alice = new AgentApi(this.port, ALICE_TOKEN);
		this.bob = new AgentApi(this.port, BOB_TOKEN);
	}

	@Test
	void anAgentTakesOverRelaysBothWaysAndHandsBackToTheBot() {
		try (EventStream agentEvents = this.alice.events()) {
			reachTargetRole();
			assertThat(this.user.say("担当者と話したいです")).singleElement().asString().contains("担当者におつなぎします").contains("1番目");
			agentEvents.await("handoff.created", "\"channel\":\"web\"");

			JsonNode waiting = this.alice.waiting();
			assertThat(waiting).hasSize(1);
			JsonNode handoff = waiting.get(0);
			String id = handoff.get("id").asText();
			assertThat(handoff.get("channel").asText()).isEqualTo("web");
			assertThat(handoff.get("stage").asText()).isEqualTo("TARGET_ROLE");
			assertThat(handoff.get("summary").get("concerns").get(0).asText()).isEqualTo("給料が下がりそう");
			assertThat(handoff.get("summary").get("strengths").get(0).asText()).isEqualTo("お客様目線");
			assertThat(handoff.get("summary").get("episode").asText()).isEqualTo("解約しそうな取引先を毎月訪問して引き止めた");
			assertThat(handoff.get("waitingSeconds").asLong()).isGreaterThanOrEqualTo(0);

			try (EventStream userEvents = this.user.events()) {
				assertThat(this.alice.claim(id).status()).isEqualTo(200);
				// users see the agent's display name, not the login
				userEvents.await("message", "担当者の有栖がチャットに参加しました");
				agentEvents.await("handoff.claimed", id);

				AgentApi.ok(this.alice.say(id, "はじめまして、担当のアリスです。経理のお仕事に関心はありますか？"));
				EventStream.Event relayed = userEvents.await("message", "担当のアリスです");
				assertThat(relayed.data()).contains("\"from\":\"agent\"").contains("\"agent\":\"有栖\"");

				// the user answers: the bot stays silent, the agent hears it
				assertThat(this.user.say("経理に興味があります")).isEmpty();
				agentEvents.await("user.message", "経理に興味があります");
				assertThat(this.alice.get("/api/agent/handoffs?status=active").body().get(0).get("unread").asInt())
					.isEqualTo(1);

				JsonNode transcript = AgentApi.ok(this.alice.get("/api/agent/handoffs/" + id + "/transcript"));
				List<String> turns = new ArrayList<>();
				transcript.get("turns")
					.forEach((turn) -> turns.add(turn.get("from").asText() + ":" + turn.get("text").asText()));
				assertThat(turns).contains("user:担当者と話したいです", "agent:はじめまして、担当のアリスです。経理のお仕事に関心はありますか？",
						"user:経理に興味があります");
				assertThat(turns).anySatisfy((turn) -> assertThat(turn).startsWith("bot:どの職種に関心がありますか"));

				// release: back to the bot where the user left off
				assertThat(this.alice.release(id).status()).isEqualTo(200);
				userEvents.await("message", "どの職種に関心がありますか");
				agentEvents.await("handoff.released", id);
			}
			List<String> plan = this.user.say("経理");
			assertThat(String.join("\n", plan)).contains("目指す職種は「経理」");
		}
	}

	@Test
	void closingAsksTheUserForARatingWhichIsStoredWithTheHandoff() {
		reachTargetRole();
		this.user.press("担当者と話す");
		String id = this.alice.waiting().get(0).get("id").asText();
		try (EventStream userEvents = this.user.events()) {
			AgentApi.ok(this.alice.say(id, "ご相談ありがとうございました。"));
			userEvents.await("message", "担当者の有栖がチャットに参加しました");
			assertThat(this.alice.close(id).status()).isEqualTo(200);
			userEvents.await("message", "1（不満）〜5（満足）");
		}
		this.user.say("とても親切でした！5です");
		assertThat(this.user.lastText()).contains("評価ありがとうございました");
		JsonNode closed = AgentApi.ok(this.alice.get("/api/agent/handoffs?status=closed")).get(0);
		assertThat(closed.get("id").asText()).isEqualTo(id);
		assertThat(closed.get("status").asText()).isEqualTo("closed");
		assertThat(closed.get("rating").asInt()).isEqualTo(5);
		assertThat(closed.get("ratingComment").asText()).isEqualTo("とても親切でした！5です");
	}

	@Test
	void exactlyOneOfTwoAgentsClaimingAtOnceWins() throws Exception {
		this.user.open();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Callable<Integer>> claims = List.of(() -> {
			start.await();
			return this.alice.claim(id).status();
		}, () -> {
			start.await();
			return this.bob.claim(id).status();
		});
		List<Future<Integer>> results = new ArrayList<>();
		for (Callable<Integer> claim : claims) {
			results.add(pool.submit(claim));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> result : results) {
			statuses.add(result.get());
		}
		pool.shutdown();
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		assertThat(new AgentApi(this.port, CAROL_TOKEN).get("/api/agent/handoffs?status=active").body()).hasSize(1);
	}

	@Test
	void noAgentPathAnswersWithoutAValidToken() {
		this.user.open();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		for (AgentApi stranger : List.of(new AgentApi(this.port, null),
				new AgentApi(this.port, "wrong-token-0123456789"), new AgentApi(this.port, ALICE_TOKEN + "x"))) {
			assertThat(stranger.get("/api/agent/handoffs?status=waiting").status()).isEqualTo(401);
			assertThat(stranger.get("/api/agent/handoffs/" + id).status()).isEqualTo(401);
			assertThat(stranger.get("/api/agent/handoffs/" + id + "/transcript").status()).isEqualTo(401);
			assertThat(stranger.claim(id).status()).isEqualTo(401);
			assertThat(stranger.say(id, "hi").status()).isEqualTo(401);
			assertThat(stranger.release(id).status()).isEqualTo(401);
			assertThat(stranger.close(id).status()).isEqualTo(401);
			assertThat(stranger.events().status()).isEqualTo(401);
			assertThat(stranger.get("/api/agent/handoffs?status=waiting").contentType())
				.startsWith("application/problem+json");
		}
		assertThat(this.alice.waiting()).hasSize(1);
	}

	@Test
	void anAgentCannotActOnAConversationAnotherAgentHolds() {
		this.user.open();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		assertThat(this.alice.claim(id).status()).isEqualTo(200);
		assertThat(this.bob.say(id, "横から失礼します").status()).isEqualTo(403);
		assertThat(this.bob.release(id).status()).isEqualTo(403);
		assertThat(this.bob.close(id).status()).isEqualTo(403);
		assertThat(this.bob.claim(id).status()).isEqualTo(409);
		assertThat(this.alice.get("/api/agent/handoffs/" + id).body().get("agent").asText()).isEqualTo("alice");
	}

	@Test
	void anAgentSeesTheQueueAndTheirOwnConversationsButNotAnotherAgents() {
		reachTargetRole();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		assertThat(this.bob.get("/api/agent/handoffs/" + id).status()).as("the queue is open to all").isEqualTo(200);
		assertThat(this.alice.claim(id).status()).isEqualTo(200);
		AgentApi carol = new AgentApi(this.port, CAROL_TOKEN);
		try (EventStream bobEvents = this.bob.events(); EventStream aliceEvents = this.alice.events()) {
			this.user.say("年収は400万円くらいです");
			aliceEvents.await("user.message", "年収は400万円くらいです");
			EventStream.Event bobs = bobEvents.await("user.message", id);
			assertThat(bobs.data()).doesNotContain("年収");
		}
		assertThat(this.bob.get("/api/agent/handoffs/" + id).status()).isEqualTo(403);
		assertThat(this.bob.get("/api/agent/handoffs/" + id + "/transcript").status()).isEqualTo(403);
		assertThat(this.bob.get("/api/agent/handoffs?status=active").body()).isEmpty();
		assertThat(this.bob.get("/api/agent/handoffs?status=active").toString()).doesNotContain("解約しそうな取引先");
		assertThat(this.alice.get("/api/agent/handoffs?status=active").body()).hasSize(1);
		assertThat(carol.get("/api/agent/handoffs?status=active").body()).hasSize(1);
		assertThat(AgentApi.ok(carol.get("/api/agent/handoffs/" + id + "/transcript")).toString())
			.contains("年収は400万円くらいです");
	}

	@Test
	void aFinishedHandoffsTranscriptEndsWhereTheHandoffEnded() throws Exception {
		reachTargetRole();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		AgentApi.ok(this.alice.say(id, "お話を伺います。"));
		assertThat(this.alice.release(id).status()).isEqualTo(200);
		Thread.sleep(5); // the next turns are stamped after the release
		this.user.say("経理");
		this.user.say("これはボットへの話で、担当者には関係ありません");
		String transcript = AgentApi.ok(this.alice.get("/api/agent/handoffs/" + id + "/transcript")).toString();
		assertThat(transcript).contains("お話を伺います。").doesNotContain("担当者には関係ありません");
	}

	@Test
	void theUserCanStopWaitingAndReturnToTheBot() {
		reachTargetRole();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		assertThat(this.user.say("まだですか")).singleElement().asString().contains("担当者に伝えました");
		this.user.press("ボットとの相談に戻る");
		assertThat(this.user.lastText()).contains("どの職種に関心がありますか");
		assertThat(this.alice.waiting()).isEmpty();
		assertThat(this.alice.claim(id).status()).isEqualTo(409);
	}

	@Test
	void badAgentRequestsAreProblems() {
		this.user.open();
		this.user.say("/agent");
		String id = this.alice.waiting().get(0).get("id").asText();
		assertThat(this.alice.claim("nope").status()).isEqualTo(404);
		assertThat(this.alice.get("/api/agent/handoffs?status=bogus").status()).isEqualTo(400);
		assertThat(this.alice.post("/api/agent/handoffs/" + id + "/messages", "{\"text\":5}").status()).isEqualTo(400);
		assertThat(this.alice.post("/api/agent/handoffs/" + id + "/messages", "{").status()).isEqualTo(400);
		assertThat(this.alice.say(id, "あ".repeat(2001)).status()).isEqualTo(400);
		assertThat(this.alice.waiting()).hasSize(1);
	}

	private void reachTargetRole() {
		this.user.open();
		this.user.press("相談を始める");
		this.user.press("給料が下がりそう");
		this.user.press("次へ進む");
		this.user.press("お客様目線");
		this.user.press("次へ進む");
		this.user.say("解約しそうな取引先を毎月訪問して引き止めた");
		assertThat(this.user.lastText()).contains("どの職種に関心がありますか");
	}

}
