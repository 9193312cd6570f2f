package com.careerconcierge.channel.line;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.internal.Outboxes;
import com.careerconcierge.support.HttpDouble;
import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.HttpDouble.Request;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LINE's platform posts real signed webhook payloads to the running app; a local double
 * of the Messaging API records the reply, push and profile calls the app makes, and the
 * embedded Redis shows what was stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.line.channel-secret=" + LineWebhookTest.SECRET,
				"concierge.line.channel-access-token=" + LineWebhookTest.TOKEN,
				"concierge.handoff.agent-tokens=alice:" + LineWebhookTest.AGENT_TOKEN })
@ExtendWith(OutputCaptureExtension.class)
class LineWebhookTest {

	static final String SECRET = "5f1c0e7a9b2d4c6e8f0a1b3c5d7e9f21";

	static final String TOKEN = "test-channel-access-token-Zk9xQ2V3Ym1oYzNSbGNpQjBiMnRsYmc=";

	static final HttpDouble LINE_API = new HttpDouble();

	static final String AGENT_TOKEN = "alice-token-0123456789";

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String REPLY = "/v2/bot/message/reply";

	private static final String PUSH = "/v2/bot/message/push";

	private static final String PROFILE = "/v2/bot/profile/";

	private static final String NAME = "山田 太郎";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Autowired
	ApplicationContext context;

	RedisKeys redis;

	LinePlatform line;

	@DynamicPropertySource
	static void lineApi(DynamicPropertyRegistry registry) {
		registry.add("concierge.line.api-url", LINE_API::url);
	}

	@AfterAll
	static void closeDouble() {
		LINE_API.close();
	}

	@BeforeEach
	void setUp() {
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		LINE_API.reset();
		LINE_API.answerOthers(LineWebhookTest::messagingApi);
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		this.line = new LinePlatform(this.port, SECRET);
	}

	@Test
	void walksFromFollowToAPersonalPlanWithQuickReplies() {
		String user = newUserId();
		assertThat(this.line.follow(user).status()).isEqualTo(200);
		JsonNode welcome = awaitReply(1);
		assertThat(texts(welcome)).singleElement().asString().contains("キャリア相談ボット");
		assertThat(labels(welcome)).containsExactly("相談を始める", "担当者と話す");
		assertThat(postbacks(welcome)).containsExactly("cmd:begin", "cmd:agent");

		JsonNode concerns = press(user, welcome, "相談を始める", 2);
		assertThat(labels(concerns)).contains("事務の経験がない", "給料が下がりそう", "担当者と話す").doesNotContain("次へ進む");
		JsonNode pay = press(user, concerns, "給料が下がりそう", 3);
		assertThat(texts(pay).get(0)).contains("インセンティブ");
		JsonNode strengths = press(user, pay, "次へ進む", 4);
		JsonNode communication = press(user, strengths, "コミュニケーション力", 5);
		JsonNode episode = press(user, communication, "次へ進む", 6);
		assertThat(String.join("\n", texts(episode))).contains("コミュニケーション力");
		assertThat(postbacks(episode)).contains("cmd:skip");

		assertThat(this.line.text(user, "新規開拓で月に100件電話して、アポ率を2倍にした").status()).isEqualTo(200);
		JsonNode roles = awaitReply(7);
		assertThat(postbacks(roles)).contains("role:accounting");

		JsonNode plan = press(user, roles, "経理", 8);
		List<String> planTexts = texts(plan);
		assertThat(planTexts).hasSizeBetween(2, LineMessages.MAX_PER_CALL);
		assertThat(String.join("\n", planTexts)).contains(NAME + "さんのアクションプラン")
			.contains("目指す職種は「経理」")
			.contains("月に100件電話して")
			.contains("簿記");
		JsonNode messages = plan.get("messages");
		for (int i = 0; i < messages.size() - 1; i++) {
			assertThat(messages.get(i).has("quickReply")).as("quick replies only on the last message").isFalse();
		}
		List<JsonNode> items = quickReplyItems(plan);
		assertThat(items).isNotEmpty().hasSizeLessThanOrEqualTo(LineMessages.MAX_QUICK_REPLIES);
		assertThat(items).allSatisfy((item) -> {
			assertThat(item.get("type").asText()).isEqualTo("action");
			JsonNode action = item.get("action");
			assertThat(action.get("type").asText()).isEqualTo("postback");
			assertThat(action.get("displayText").asText()).isEqualTo(action.get("label").asText());
			assertThat(action.get("label").asText().length()).isLessThanOrEqualTo(20);
			assertThat(action.get("data").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
		});
		assertThat(postbacks(plan)).contains("cmd:finish");

		JsonNode done = press(user, plan, "相談を終える", 9);
		assertThat(texts(done)).singleElement().asString().contains("ありがとうございました");

		// The name was asked for once and kept in the session.
		assertThat(LINE_API.requests(PROFILE + user)).hasSize(1);
		assertThat(this.redisTemplate.opsForValue().get(sessionKey(user))).contains(NAME).contains("COMPLETED");
		assertThat(LINE_API.requests())
			.allSatisfy((request) -> assertThat(request.headers().get("authorization")).isEqualTo("Bearer " + TOKEN));
		assertThat(LINE_API.requests(PUSH)).isEmpty();
	}

	@Test
	void skippingTheEpisodeStillLeadsToThePlan() {
		String user = newUserId();
		for (String postback : List.of("cmd:begin", "concern:inexperience", "cmd:next", "strength:office",
				"cmd:next")) {
			this.line.postback(user, postback);
		}
		awaitReply(5);
		this.line.postback(user, "cmd:skip");
		assertThat(texts(awaitReply(6))).anySatisfy((text) -> assertThat(text).contains("どの職種"));
		this.line.postback(user, "role:hr");
		assertThat(String.join("\n", texts(awaitReply(7)))).contains("目指す職種は「人事」");
	}

	@Test
	void answersTheVerificationRequestWithoutDoingAnything() {
		LinePlatform.Response response = this.line.post(LinePlatform.payload("verification", Map.of()));
		assertThat(response.status()).isEqualTo(200);
		assertNothingHappened(Map.of());
	}

	@Test
	void rejectsAForgedSignature() {
		String body = LinePlatform.payload("postback", Map.of("userId", newUserId(), "data", "cmd:begin"));
		assertUnauthorized(this.line.post(body, LinePlatform.sign("not-the-channel-secret", bytes(body))));
		assertUnauthorized(this.line.post(body, "this is not base64!"));
		assertNothingHappened(Map.of());
	}

	@Test
	void rejectsAMissingSignature() {
		String body = LinePlatform.payload("follow", Map.of("userId", newUserId()));
		assertUnauthorized(this.line.post(body, null));
		assertUnauthorized(this.line.post(body, ""));
		assertNothingHappened(Map.of());
	}

	@Test
	void rejectsTheSignatureOfAnotherBody() {
		String user = newUserId();
		this.line.postback(user, "cmd:begin");
		awaitReply(1);
		Map<String, String> before = this.redis.snapshot();
		LINE_API.reset();
		LINE_API.answerOthers(LineWebhookTest::messagingApi);

		String signed = LinePlatform.payload("postback", Map.of("userId", user, "data", "concern:pay"));
		String sent = signed.replace("concern:pay", "concern:routine");
		assertUnauthorized(this.line.post(sent, LinePlatform.sign(SECRET, bytes(signed))));
		// The same JSON re-serialised (no whitespace) is another body too.
		String compact = signed.replaceAll("\\s+", "");
		assertUnauthorized(this.line.post(compact, LinePlatform.sign(SECRET, bytes(signed))));
		assertNothingHappened(before);
	}

	@Test
	void rejectsASignedBodyThatIsNotAWebhookRequest() {
		LinePlatform.Response response = this.line.post("{\"destination\":\"U0\",\"events\":[{\"type\":");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertNothingHappened(Map.of());
	}

	@Test
	void handlesARedeliveredEventOnce() {
		String user = newUserId();
		String eventId = LinePlatform.newEventId();
		String first = LinePlatform.payload("postback",
				Map.of("userId", user, "data", "cmd:begin", "eventId", eventId));
		String again = LinePlatform.payload("postback",
				Map.of("userId", user, "data", "cmd:begin", "eventId", eventId, "redelivery", "true"));
		assertThat(this.line.post(first).status()).isEqualTo(200);
		awaitReply(1);
		Map<String, String> before = this.redis.snapshot();

		assertThat(this.line.post(again).status()).isEqualTo(200);
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(1);
		assertThat(LINE_API.requests(PUSH)).isEmpty();
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void failsTheWebhookWhileTheUsersLockIsHeldAndAnswersTheRedelivery() {
		String user = newUserId();
		String eventId = LinePlatform.newEventId();
		this.redisTemplate.opsForValue().set("cc:{line:" + user + "}:lock", "another-instance");
		LinePlatform.Response busy = this.line
			.post(LinePlatform.payload("postback", Map.of("userId", user, "data", "cmd:begin", "eventId", eventId)));
		assertThat(busy.status()).as("503, so that LINE delivers the event again").isEqualTo(503);
		assertThat(busy.contentType()).startsWith("application/problem+json");
		assertThat(this.redisTemplate.hasKey(sessionKey(user))).isFalse();
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).isEmpty();
		assertThat(LINE_API.requests(PUSH)).isEmpty();

		this.redisTemplate.delete("cc:{line:" + user + "}:lock");
		assertThat(this.line
			.post(LinePlatform.payload("postback",
					Map.of("userId", user, "data", "cmd:begin", "eventId", eventId, "redelivery", "true")))
			.status()).isEqualTo(200);
		assertThat(labels(awaitReply(1))).contains("給料が下がりそう");
	}

	@Test
	void welcomesAFollowerAndForgetsThemWhenTheyBlockTheBot() {
		String user = newUserId();
		this.line.follow(user);
		assertThat(texts(awaitReply(1))).singleElement().asString().contains("キャリア相談ボット");
		assertThat(this.redisTemplate.opsForValue().get(sessionKey(user))).contains(NAME);
		this.line.postback(user, "cmd:begin");
		this.line.postback(user, "concern:pay");
		awaitReply(3);
		assertThat(keysOf(user)).contains(sessionKey(user), "cc:{line:" + user + "}:transcript");

		assertThat(this.line.unfollow(user).status()).isEqualTo(200);
		assertThat(keysOf(user)).doesNotContain(sessionKey(user), "cc:{line:" + user + "}:transcript")
			.allSatisfy((key) -> assertThat(key).as("only de-duplication marks are left").endsWith(":seen"));
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(3);
		assertThat(LINE_API.requests(PUSH)).isEmpty();
	}

	@Test
	void aUserWhoBlocksTheBotWhileWaitingForAnAgentLeavesNoHandoffBehind() {
		String user = newUserId();
		this.line.follow(user);
		awaitReply(1);
		this.line.postback(user, "cmd:agent");
		awaitReply(2);
		AgentApi alice = new AgentApi(this.port, AGENT_TOKEN);
		JsonNode waiting = alice.waiting();
		assertThat(waiting).hasSize(1);
		String id = waiting.get(0).get("id").asText();

		assertThat(this.line.unfollow(user).status()).isEqualTo(200);
		assertThat(alice.waiting()).isEmpty();
		assertThat(alice.claim(id).status()).isEqualTo(404);
		assertThat(alice.get("/api/agent/handoffs?status=active").body()).isEmpty();
		assertThat(this.redis.everything()).doesNotContain(NAME).doesNotContain(id);
	}

	@Test
	void anEventFromDaysAgoIsNotActedOn() {
		String user = newUserId();
		String old = LinePlatform.payload("text-message", Map.of("userId", user, "text", "相談を始める", "timestamp",
				String.valueOf(System.currentTimeMillis() - Duration.ofDays(5).toMillis())));
		assertThat(this.line.post(old).status()).isEqualTo(200);
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).isEmpty();
		assertThat(keysOf(user)).isEmpty();
	}

	@Test
	void manyUsersInOneCallAreHandledSideBySide() throws Exception {
		// each first message asks LINE for the user's name, which takes 200 ms here: one
		// after another, 40 users would take 8 s, longer than LINE waits for an answer
		LINE_API.answerOthers((request) -> {
			if (request.path().startsWith(PROFILE)) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return messagingApi(request);
		});
		com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
		com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) json
			.readTree(LinePlatform.payload("text-message", Map.of("userId", newUserId(), "text", "こんにちは")));
		for (int i = 1; i < 40; i++) {
			body.withArray("events")
				.add(json.readTree(LinePlatform.payload("text-message", Map.of("userId", newUserId(), "text", "こんにちは")))
					.get("events")
					.get(0));
		}
		long start = System.nanoTime();
		assertThat(this.line.post(body.toString()).status()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(40);
	}

	@Test
	void aRedeliveredFollowIsNotWelcomedTwice() {
		String user = newUserId();
		String eventId = LinePlatform.newEventId();
		this.line.post(LinePlatform.payload("follow", Map.of("userId", user, "eventId", eventId)));
		awaitReply(1);
		this.line
			.post(LinePlatform.payload("follow", Map.of("userId", user, "eventId", eventId, "redelivery", "true")));
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(1);
	}

	@Test
	void answersAStickerOrALocationPolitelyAndChangesNothing() {
		String user = newUserId();
		this.line.postback(user, "cmd:begin");
		JsonNode question = awaitReply(1);
		Map<String, String> before = this.redis.snapshot();

		assertThat(this.line.sticker(user).status()).isEqualTo(200);
		JsonNode notice = awaitReply(2);
		assertThat(texts(notice)).singleElement().asString().contains("スタンプ");
		assertThat(labels(notice)).isEqualTo(labels(question));

		this.line.post(LinePlatform.payload("location-message", Map.of("userId", user)));
		assertThat(texts(awaitReply(3))).singleElement().asString().contains("スタンプ");
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void answersAnOverlongTextWithANoticeAndChangesNothing() {
		String user = newUserId();
		this.line.postback(user, "cmd:begin");
		JsonNode question = awaitReply(1);
		Map<String, String> before = this.redis.snapshot();

		assertThat(this.line.text(user, "あ".repeat(2001)).status()).isEqualTo(200);
		JsonNode notice = awaitReply(2);
		assertThat(texts(notice)).singleElement().asString().contains("2000文字");
		assertThat(labels(notice)).isEqualTo(labels(question));
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void pushesTheSameMessagesWhenLineRefusesTheReplyToken() {
		LINE_API.answer(REPLY, (request) -> Answer.json(400, "{\"message\":\"Invalid reply token\"}"));
		String user = newUserId();
		assertThat(this.line.postback(user, "cmd:begin").status()).isEqualTo(200);
		List<Request> pushes = LINE_API.await(path(PUSH), 1, WAIT);
		assertThat(pushes).hasSize(1);
		JsonNode push = pushes.get(0).json();
		assertThat(push.get("to").asText()).isEqualTo(user);
		JsonNode refused = LINE_API.requests(REPLY).get(0).json();
		assertThat(push.get("messages")).isEqualTo(refused.get("messages"));
		assertThat(labels(push)).contains("給料が下がりそう");
		assertThat(pushes.get(0).headers()).containsKey("x-line-retry-key");
	}

	@Test
	void goesOnWithoutTheNameWhenTheProfileApiFails() {
		String user = newUserId();
		LINE_API.answer(PROFILE + user, (request) -> Answer.json(500, "{\"message\":\"Internal server error\"}"));
		assertThat(this.line.follow(user).status()).isEqualTo(200);
		assertThat(texts(awaitReply(1))).singleElement().asString().contains("キャリア相談ボット");
		assertThat(this.line.postback(user, "cmd:begin").status()).isEqualTo(200);
		assertThat(labels(awaitReply(2))).contains("給料が下がりそう");
		assertThat(this.redisTemplate.opsForValue().get(sessionKey(user))).doesNotContain(NAME);
	}

	@Test
	void tellsAGroupOnceThatItTalksOneToOne() {
		String group = "C" + UUID.randomUUID().toString().replace("-", "");
		String member = newUserId();
		assertThat(this.line.post(LinePlatform.payload("group-join", Map.of("groupId", group))).status())
			.isEqualTo(200);
		assertThat(texts(awaitReply(1))).singleElement().asString().contains("1対1");

		this.line.post(LinePlatform.payload("group-text-message",
				Map.of("groupId", group, "userId", member, "text", "転職の相談をしたいです")));
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(1);

		this.line.post(LinePlatform.payload("group-mention-message", Map.of("groupId", group, "userId", member)));
		assertThat(texts(awaitReply(2))).singleElement().asString().contains("1対1");
		assertThat(this.redis.snapshot()).isEmpty();
		assertThat(LINE_API.requests(PROFILE)).isEmpty();
	}

	@Test
	void ignoresEventsItDoesNotKnowAndStandbyEvents() {
		String user = newUserId();
		assertThat(this.line.post(LinePlatform.payload("unknown-events", Map.of("userId", user))).status())
			.isEqualTo(200);
		assertThat(this.line.post(LinePlatform.payload("standby-text-message", Map.of("userId", user, "text", "相談したい")))
			.status()).isEqualTo(200);
		assertNothingHappened(Map.of());
	}

	@Test
	void sendsMoreThanFiveMessagesAsAReplyFollowedByAPush() {
		String user = newUserId();
		List<Reply> replies = new ArrayList<>();
		for (int i = 1; i <= 7; i++) {
			replies.add(Reply.of("message " + i));
		}
		replies.set(6, new Reply("message 7", List.of(new Choice("相談を始める", "cmd:begin"))));
		// what an answer to a follow event with seven messages looks like in the outbox
		Outboxes.queue(this.context, new ConversationKey("line", user), replies, "reply-token");
		JsonNode reply = awaitReply(1);
		assertThat(reply.get("replyToken").asText()).isEqualTo("reply-token");
		assertThat(texts(reply)).containsExactly("message 1", "message 2", "message 3", "message 4", "message 5");
		List<Request> pushes = LINE_API.await(path(PUSH), 1, WAIT);
		assertThat(pushes).hasSize(1);
		assertThat(texts(pushes.get(0).json())).containsExactly("message 6", "message 7");
		assertThat(postbacks(pushes.get(0).json())).containsExactly("cmd:begin");
	}

	@Test
	void pushesAMessageToAUserAndRetriesOnceAfterAServerError() {
		AtomicInteger attempts = new AtomicInteger();
		LINE_API.answer(PUSH, (request) -> (attempts.incrementAndGet() == 1)
				? Answer.json(500, "{\"message\":\"Internal server error\"}") : sent());
		String user = newUserId();
		Outboxes.queue(this.context, new ConversationKey("line", user), List.of(Reply.of("担当者からのメッセージです")));
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		List<Request> pushes = LINE_API.requests(PUSH);
		assertThat(pushes).hasSize(2);
		assertThat(pushes.get(1).json().get("to").asText()).isEqualTo(user);
		assertThat(texts(pushes.get(1).json())).containsExactly("担当者からのメッセージです");
		assertThat(pushes.get(0).headers().get("x-line-retry-key"))
			.isEqualTo(pushes.get(1).headers().get("x-line-retry-key"));
	}

	@Test
	void neverLogsTheChannelSecretOrTheAccessToken(CapturedOutput output) {
		String user = newUserId();
		String body = LinePlatform.payload("follow", Map.of("userId", user));
		assertUnauthorized(this.line.post(body, LinePlatform.sign("forged", bytes(body))));
		LINE_API.answer(REPLY, (request) -> Answer.json(400, "{\"message\":\"Invalid reply token\"}"));
		this.line.post(body);
		assertThat(LINE_API.await(path(PUSH), 1, WAIT)).hasSize(1);
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(output.getAll()).contains("Rejected a LINE webhook call")
			.contains("pushing instead")
			.doesNotContain(SECRET)
			.doesNotContain(TOKEN);
	}

	@Test
	void anAgentsMessagesReachTheLineUserByPushAndTheBotStaysQuiet() {
		String user = newUserId();
		this.line.follow(user);
		JsonNode welcome = awaitReply(1);
		press(user, welcome, "担当者と話す", 2);
		AgentApi alice = new AgentApi(this.port, AGENT_TOKEN);
		JsonNode waiting = alice.waiting().get(0);
		assertThat(waiting.get("channel").asText()).isEqualTo("line");
		String id = waiting.get("id").asText();

		AgentApi.ok(alice.say(id, "担当のアリスです。ご相談をお聞かせください。"));
		List<Request> pushes = LINE_API.await(path(PUSH), 2, WAIT);
		assertThat(pushes).hasSize(2);
		assertThat(pushes.get(0).json().get("to").asText()).isEqualTo(user);
		assertThat(texts(pushes.get(0))).singleElement().asString().contains("aliceがチャットに参加しました");
		assertThat(texts(pushes.get(1))).containsExactly("担当のアリスです。ご相談をお聞かせください。");

		int replies = LINE_API.requests(REPLY).size();
		assertThat(this.line.text(user, "未経験でも大丈夫でしょうか").status()).isEqualTo(200);
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests(REPLY)).hasSize(replies);
		JsonNode turns = AgentApi.ok(alice.get("/api/agent/handoffs/" + id + "/transcript")).get("turns");
		assertThat(turns.get(turns.size() - 1).get("text").asText()).isEqualTo("未経験でも大丈夫でしょうか");
	}

	private static List<String> texts(Request call) {
		List<String> texts = new java.util.ArrayList<>();
		call.json().get("messages").forEach((message) -> texts.add(message.get("text").asText()));
		return texts;
	}

	private JsonNode press(String user, JsonNode last, String label, int replyNumber) {
		String data = quickReplyItems(last).stream()
			.map((item) -> item.get("action"))
			.filter((action) -> action.get("label").asText().equals(label))
			.map((action) -> action.get("data").asText())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No quick reply '" + label + "' among " + labels(last)));
		assertThat(this.line.postback(user, data).status()).isEqualTo(200);
		return awaitReply(replyNumber);
	}

	private JsonNode awaitReply(int number) {
		List<Request> replies = LINE_API.await(path(REPLY), number, WAIT);
		assertThat(replies).as("reply calls").hasSize(number);
		return replies.get(number - 1).json();
	}

	private void assertUnauthorized(LinePlatform.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":401").contains("Invalid signature");
	}

	private void assertNothingHappened(Map<String, String> redisBefore) {
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		assertThat(LINE_API.requests()).isEmpty();
		assertThat(this.redis.snapshot()).isEqualTo(redisBefore);
	}

	private Set<String> keysOf(String user) {
		return this.redisTemplate.keys("cc:{line:" + user + "}:*");
	}

	private static String sessionKey(String user) {
		return "cc:{line:" + user + "}:session";
	}

	private static List<String> texts(JsonNode call) {
		List<String> texts = new ArrayList<>();
		call.get("messages").forEach((message) -> texts.add(message.get("text").asText()));
		return texts;
	}

	private static List<JsonNode> quickReplyItems(JsonNode call) {
		JsonNode messages = call.get("messages");
		JsonNode quickReply = messages.get(messages.size() - 1).get("quickReply");
		List<JsonNode> items = new ArrayList<>();
		if (quickReply != null) {
			quickReply.get("items").forEach(items::add);
		}
		return items;
	}

	private static List<String> labels(JsonNode call) {
		return quickReplyItems(call).stream().map((item) -> item.get("action").get("label").asText()).toList();
	}

	private static List<String> postbacks(JsonNode call) {
		return quickReplyItems(call).stream().map((item) -> item.get("action").get("data").asText()).toList();
	}

	private static Predicate<Request> path(String path) {
		return (request) -> request.path().equals(path);
	}

	private static String newUserId() {
		return "U" + UUID.randomUUID().toString().replace("-", "");
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

	private static Answer sent() {
		return Answer.json(200, "{\"sentMessages\":[{\"id\":\"461230966842064897\",\"quoteToken\":\"IStG5h1Tz7b\"}]}");
	}

	/** The Messaging API as it answers when all is well. */
	private static Answer messagingApi(Request request) {
		if (request.path().startsWith(PROFILE)) {
			String userId = request.path().substring(PROFILE.length());
			return Answer.json(200, "{\"displayName\":\"" + NAME + "\",\"userId\":\"" + userId
					+ "\",\"pictureUrl\":\"https://profile.line-scdn.net/abcdefghijklmn\",\"language\":\"ja\"}");
		}
		return sent();
	}

}
