package com.careerconcierge.consultation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisors' review loop over HTTP, on two instances sharing one Redis: what users
 * typed and the bot missed is listed for the agents with its count and stage; a word an
 * agent teaches on one instance is understood on the other from the next message on,
 * without a restart; conflicts and bad input are refused; {@code /forget} takes the
 * user's missed messages with it.
 */
class TeachTheBotTest {

	static final String TOKEN = "alice-token-0123456789";

	static final String MISSED = "会社の雰囲気になじめるか心配です";

	static final String APTITUDE_REPLY = "向き不向きは、職種を選ぶところで4つの質問で一緒に確かめましょう";

	static final String NOT_UNDERSTOOD = "うまく読み取れませんでした";

	private static final ObjectMapper JSON = new ObjectMapper();

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		a = start("a");
		b = start("b");
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
	}

	@BeforeEach
	void forgetWhatEarlierTestsTaught() {
		AgentApi alice = new AgentApi(port(a), TOKEN);
		for (JsonNode word : AgentApi.ok(alice.get("/api/agent/understanding/words")).get("words")) {
			alice.delete("/api/agent/understanding/words?choice=" + word.get("choice").get("postback").asText() + "&as="
					+ word.get("kind").asText() + "&word="
					+ URLEncoder.encode(word.get("word").asText(), StandardCharsets.UTF_8));
		}
		new RedisKeys(a.getBean(StringRedisTemplate.class)).flush();
	}

	@Test
	void aMissedMessageIsTaughtOnOneInstanceAndUnderstoodOnTheOther() {
		AgentApi alice = new AgentApi(port(b), TOKEN);
		assertThat(atConcerns(a).say(MISSED)).first().asString().contains(NOT_UNDERSTOOD);
		atConcerns(a).say(" " + MISSED + "！");

		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/missed?limit=0")).get("total").asLong())
			.isEqualTo(1);
		JsonNode missed = AgentApi.ok(alice.get("/api/agent/understanding/missed")).get("messages");
		assertThat(missed).hasSize(1);
		JsonNode entry = missed.get(0);
		assertThat(entry.get("text").asText()).isEqualTo(MISSED);
		assertThat(entry.get("stage").asText()).isEqualTo("CONCERNS");
		assertThat(entry.get("count").asLong()).isEqualTo(2);
		assertThat(entry.get("candidates").findValuesAsText("postback")).contains("concern:aptitude", "concern:pay");

		WebChat.Response taught = alice.post("/api/agent/understanding/words",
				body("concern:aptitude", "なじめるか", entry.get("id").asText()));
		assertThat(taught.status()).isEqualTo(201);
		assertThat(taught.body().get("by").asText()).isEqualTo("alice");
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/missed")).get("messages")).isEmpty();

		// the other instance, without a restart, from its next message on
		assertThat(understoodOn(a, "毎日の入力作業になじめるか不安")).isTrue();
		assertThat(atConcerns(b).say(MISSED)).first().asString().contains(APTITUDE_REPLY);

		JsonNode history = AgentApi.ok(alice.get("/api/agent/understanding/history")).get("changes");
		assertThat(history.get(0).get("by").asText()).isEqualTo("alice");
		assertThat(history.get(0).get("action").asText()).isEqualTo("taught");
		assertThat(history.get(0).get("word").asText()).isEqualTo("なじめるか");
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/words"))
			.get("words")
			.get(0)
			.get("choice")
			.get("label")
			.asText()).isEqualTo("向いているか不安");

		// taken back: missed again, and the history says who did it
		assertThat(alice
			.delete("/api/agent/understanding/words?choice=concern:aptitude&word="
					+ URLEncoder.encode("なじめるか", StandardCharsets.UTF_8))
			.status()).isEqualTo(204);
		assertThat(atConcerns(b).say(MISSED)).first().asString().contains(NOT_UNDERSTOOD);
		assertThat(
				AgentApi.ok(alice.get("/api/agent/understanding/history")).get("changes").get(0).get("action").asText())
			.isEqualTo("removed");
	}

	@Test
	void aWordThatCannotBeTaughtIsRefusedAndChangesNothing() {
		AgentApi alice = new AgentApi(port(a), TOKEN);
		// already a synonym of another concern
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:aptitude", "年収が心配", null)), 409,
				"給料が下がりそう");
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:nothing", "なじめるか", null)), 404,
				"concern:nothing");
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:aptitude", "  、。 ", null)), 400,
				"empty");
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:aptitude", "あ".repeat(61), null)), 400,
				"longer");
		assertProblem(alice.post("/api/agent/understanding/words", "{\"choice\": \"concern:aptitude\""), 400, null);
		assertProblem(alice.post("/api/agent/understanding/words", "{\"choice\": 7, \"word\": \"耐える\"}"), 400,
				"choice");
		assertProblem(alice.delete("/api/agent/understanding/missed/0000"), 404, null);
		assertProblem(alice.delete("/api/agent/understanding/missed/abc:users"), 404, null);
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:aptitude", "の", null)), 400,
				"at least 2");
		assertProblem(alice.post("/api/agent/understanding/words", body("cmd:reset", "やりなおし", null)), 400,
				"not for cmd:reset");
		assertThat(new AgentApi(port(a), "wrong-token-000000000").get("/api/agent/understanding/missed").status())
			.isEqualTo(401);

		assertThat(alice.post("/api/agent/understanding/words", body("concern:aptitude", "なじめるか", null)).status())
			.isEqualTo(201);
		assertProblem(alice.post("/api/agent/understanding/words", body("concern:aptitude", "なじめるか", null)), 409,
				"already");
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/words")).get("words")).hasSize(1);
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/history")).get("changes")).hasSize(1);
	}

	@Test
	void aSentenceTaughtAsAnExampleIsUnderstoodInOtherWordsToo() {
		AgentApi alice = new AgentApi(port(a), TOKEN);
		String sentence = "接客がないと人と話せなくて寂しくなりそう";
		assertThat(atConcerns(a).say(sentence)).first().asString().contains(NOT_UNDERSTOOD);
		WebChat.Response taught = alice.post("/api/agent/understanding/words", example("concern:routine", sentence));
		assertThat(taught.status()).as(taught.toString()).isEqualTo(201);
		assertThat(taught.body().get("kind").asText()).isEqualTo("example");

		List<String> answer = atConcerns(b).say("人と話せないのは寂しい");
		// acted on, or asked back about the right choice
		assertThat(answer.get(0)).containsAnyOf("毎日決まった手順の仕事が多め", "「毎日同じ仕事で飽きそう」のことでしょうか");
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/words")).get("words").get(0).get("kind").asText())
			.isEqualTo("example");
		assertProblem(alice.post("/api/agent/understanding/words", example("concern:routine", "は、を")), 400, null);
		assertProblem(alice.post("/api/agent/understanding/words",
				JSON.createObjectNode()
					.put("choice", "concern:routine")
					.put("word", "寂しい")
					.put("as", "rule")
					.toString()),
				400, "synonym or example");
	}

	@Test
	void forgetTakesTheUsersMissedMessagesWithIt() {
		AgentApi alice = new AgentApi(port(a), TOKEN);
		WebChat first = atConcerns(a);
		WebChat second = atConcerns(a);
		first.say(MISSED);
		first.say("もう一つ、朝が早いのがつらい");
		second.say(MISSED);
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/missed")).get("messages").findValuesAsText("count"))
			.containsExactlyInAnyOrder("1", "2");

		first.say("/forget");
		first.press("削除する");
		JsonNode left = AgentApi.ok(alice.get("/api/agent/understanding/missed")).get("messages");
		assertThat(left).hasSize(1);
		assertThat(left.get(0).get("text").asText()).isEqualTo(MISSED);
		assertThat(left.get(0).get("count").asLong()).isEqualTo(1);
		assertThat(new RedisKeys(a.getBean(StringRedisTemplate.class)).everything()).doesNotContain("朝が早い");

		second.say("/forget");
		second.press("削除する");
		assertThat(AgentApi.ok(alice.get("/api/agent/understanding/missed")).get("messages")).isEmpty();
		assertThat(new RedisKeys(a.getBean(StringRedisTemplate.class)).everything()).doesNotContain("なじめる");
	}

	/** Whether fresh users on an instance are understood within a few seconds. */
	private static boolean understoodOn(ConfigurableApplicationContext instance, String text) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			List<String> answer = atConcerns(instance).say(text);
			if (!answer.isEmpty() && answer.get(0).contains(APTITUDE_REPLY)) {
				return true;
			}
			sleep(100);
		}
		return false;
	}

	private static WebChat atConcerns(ConfigurableApplicationContext instance) {
		WebChat user = new WebChat(port(instance));
		user.open();
		user.press("相談を始める");
		return user;
	}

	private static void assertProblem(WebChat.Response response, int status, String detail) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		if (detail != null) {
			assertThat(response.body().get("detail").asText()).contains(detail);
		}
	}

	private static String body(String choice, String word, String missedId) {
		return JSON.createObjectNode().put("choice", choice).put("word", word).put("missedId", missedId).toString();
	}

	private static String example(String choice, String sentence) {
		return JSON.createObjectNode().put("choice", choice).put("word", sentence).put("as", "example").toString();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ConfigurableApplicationContext start(String name) {
		return new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0",
				"--spring.application.name=teach-" + name, "--concierge.handoff.agent-tokens=alice:" + TOKEN);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
