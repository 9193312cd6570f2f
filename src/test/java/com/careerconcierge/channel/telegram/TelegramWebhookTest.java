package com.careerconcierge.channel.telegram;

import com.careerconcierge.consultation.internal.Outboxes;
import org.springframework.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.HttpDouble.Request;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RawHttp;
import com.careerconcierge.support.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telegram in webhook mode: real Update JSON posted like Telegram does, the real
 * telegrambots client calling a local Bot API double.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=" + TelegramWebhookTest.SECRET,
				"concierge.handoff.agent-tokens=alice:" + TelegramWebhookTest.AGENT_TOKEN,
				"concierge.telegram.chat-pace=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class TelegramWebhookTest {

	static final String SECRET = "s3cret-webhook-token";

	static final String AGENT_TOKEN = "alice-token-0123456789";

	static final BotApiDouble botApi = new BotApiDouble();

	@BeforeEach
	void settleOnTheOutbox(@Autowired ApplicationContext context) {
		botApi.settleWith(() -> Outboxes.awaitIdle(context, Duration.ofSeconds(20)));
	}

	static final AtomicInteger chats = new AtomicInteger(10_000);

	static List<Request> startUpCalls;

	@DynamicPropertySource
	static void botApiUrl(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", botApi::url);
	}

	@AfterAll
	static void closeDouble() {
		botApi.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	RedisKeys redis;

	RestClient http;

	long chat;

	@BeforeEach
	void setUp() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		if (startUpCalls == null) {
			startUpCalls = botApi.http.requests(); // made while the application started
		}
		botApi.reset();
		this.chat = chats.incrementAndGet();
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void registeredTheCommandMenuAtStartUp() {
		// the menu was set when the context started, before the first test's reset
		Request menu = startUpCalls.stream()
			.filter((request) -> request.path().toLowerCase(java.util.Locale.ROOT).endsWith("/setmycommands"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no setMyCommands at start-up: " + startUpCalls));
		assertThat(menu.json().get("commands").findValuesAsText("command")).containsExactly("start", "reset", "help",
				"agent", "forget");
	}

	@Test
	void aButtonPressedBySomeoneOtherThanTheChatsUserChangesNothing() {
		post(Updates.command(this.chat, "/start"));
		String begin = botApi.callbackData(this.chat, "相談を始める");
		String before = this.redis.snapshot().toString();
		botApi.reset();
		String forged = Updates.callbackQuery(this.chat, begin)
			.replace("\"from\": {\"id\": " + this.chat + ", \"is_bot\": false, \"first_name\": \"Haruka\"",
					"\"from\": {\"id\": 4242, \"is_bot\": false, \"first_name\": \"Mallory\"");
		assertThat(forged).contains("Mallory");
		assertThat(post(forged)).isEqualTo(200);
		assertThat(botApi.texts(this.chat)).isEmpty();
		assertThat(this.redis.snapshot().toString()).isEqualTo(before).doesNotContain("Mallory");
	}

	@Test
	void aLongOrReversedNameIsShownCutAndPlain() {
		String name = "\u202Eotas" + "😀".repeat(10_000);
		String update = Updates.command(this.chat, "/start")
			.replace("\"first_name\": \"Haruka\"", "\"first_name\": \"" + name + "\"");
		assertThat(post(update)).isEqualTo(200);
		post(Updates.command(this.chat, "/agent")
			.replace("\"first_name\": \"Haruka\"", "\"first_name\": \"" + name + "\""));
		JsonNode waiting = new AgentApi(this.port, AGENT_TOKEN).waiting();
		String shown = waiting.get(0).get("displayName").asText();
		assertThat(shown).doesNotContain("\u202E").startsWith("otas😀");
		assertThat(shown.codePointCount(0, shown.length())).isLessThanOrEqualTo(41);
		assertThat(shown).endsWith("…");
	}

	@Test
	void aWholeConsultationByButtons() {
		assertThat(post(Updates.command(this.chat, "/start"))).isEqualTo(200);
		assertThat(botApi.texts(this.chat)).singleElement().asString().contains("キャリア相談ボット");
		assertThat(botApi.lastButtons(this.chat)).containsExactly("相談を始める", "担当者と話す");

		press("相談を始める");
		press("給料が下がりそう");
		press("次へ進む");
		press("コミュニケーション力");
		press("次へ進む");
		assertThat(lastText()).contains("が活きた場面");
		post(Updates.text(this.chat, "新規の電話営業で月30件のアポを取った"));
		press("まだわからない");
		press("はい");
		press("はい");
		press("はい");
		press("いいえ");
		assertThat(lastText()).contains("合っていそうです");
		press("この職種で進める");

		String all = String.join("\n", botApi.texts(this.chat));
		assertThat(all).contains("Harukaさんのアクションプラン").contains("新規の電話営業で月30件のアポを取った").contains("④ 気にされていたこと");
		// every pressed button was answered and its keyboard removed
		// each press was answered in its webhook response (see press()), none through the
		// API
		assertThat(botApi.calls("answerCallbackQuery")).isEmpty();
		assertThat(botApi.calls("editMessageReplyMarkup")).hasSize(11)
			.allSatisfy((call) -> assertThat(call.json().has("reply_markup")).isFalse());
		assertThat(botApi.sentMessages(this.chat)).allSatisfy((message) -> message.path("reply_markup")
			.path("inline_keyboard")
			.forEach((row) -> row.forEach((button) -> assertThat(button.get("callback_data").asText().getBytes())
				.hasSizeLessThanOrEqualTo(64))));
	}

	@Test
	void aWrongOrMissingSecretIs401AndNothingHappens() {
		Map<String, String> before = this.redis.snapshot();
		for (String secret : new String[] { "wrong", "", null, SECRET + "x", SECRET.substring(1) }) {
			RestClient.RequestBodySpec request = this.http.post()
				.uri("/telegram/webhook")
				.contentType(MediaType.APPLICATION_JSON);
			if (secret != null) {
				request.header("X-Telegram-Bot-Api-Secret-Token", secret);
			}
			String answer = request.body(Updates.command(this.chat, "/start"))
				.exchange((req, response) -> response.getStatusCode().value() + " "
						+ response.getHeaders().getContentType());
			assertThat(answer).as("secret %s", secret).startsWith("401 application/problem+json");
		}
		assertThat(botApi.http.requests()).isEmpty();
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void theSameUpdateTwiceIsAnsweredOnce() {
		post(Updates.command(this.chat, "/start"));
		press("相談を始める");
		String update = Updates.callbackQuery(this.chat, botApi.callbackData(this.chat, "給料が下がりそう"));
		botApi.reset();
		assertThat(post(update)).isEqualTo(200);
		assertThat(post(update)).isEqualTo(200);
		// the answer and the next question, in one message, once
		assertThat(botApi.texts(this.chat)).singleElement().asString().contains("インセンティブ").contains("ほかにも");
	}

	@Test
	void aSendMessageAnswered429IsRetriedAfterRetryAfterAndArrivesOnce() {
		AtomicInteger attempts = new AtomicInteger();
		botApi.http.answer("/sendmessage", (request) -> (attempts.incrementAndGet() == 1) ? Answer.json(429,
				"{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\",\"parameters\":{\"retry_after\":1}}")
				: botApi.messageSent(request));
		long start = System.nanoTime();
		assertThat(post(Updates.command(this.chat, "/start"))).isEqualTo(200);
		assertThat(System.nanoTime() - start).as("the webhook does not wait for the retry").isLessThan(1_000_000_000L);
		assertThat(botApi.texts(this.chat)).hasSize(2).allSatisfy((text) -> assertThat(text).contains("キャリア相談ボット"));
		assertThat(attempts.get()).isEqualTo(2);
		List<Request> calls = botApi.calls("sendMessage");
		assertThat(calls.get(1).receivedNanos() - calls.get(0).receivedNanos()).as("retried after retry_after")
			.isGreaterThanOrEqualTo(1_000_000_000L);
	}

	@Test
	void a5xxIsRetriedWithBackoffAndArrivesOnce() {
		AtomicInteger attempts = new AtomicInteger();
		botApi.http.answer("/sendmessage",
				(request) -> (attempts.incrementAndGet() <= 2)
						? Answer.json(502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}")
						: botApi.messageSent(request));
		assertThat(post(Updates.command(this.chat, "/start"))).isEqualTo(200);
		assertThat(botApi.calls("sendMessage")).hasSize(3);
		assertThat(attempts.get()).isEqualTo(3);
	}

	@Test
	void aProxysErrorPageInsteadOfTheBotApisAnswerIsRetriedNotParked() {
		AtomicInteger attempts = new AtomicInteger();
		botApi.http.answer("/sendmessage", (request) -> (attempts.incrementAndGet() == 1)
				? Answer.json(502, "<html><body><h1>502 Bad Gateway</h1></body></html>") : botApi.messageSent(request));
		assertThat(post(Updates.command(this.chat, "/start"))).isEqualTo(200);
		// the call and its retry: the first answer was not the Bot API's, so not a
		// refusal
		assertThat(botApi.texts(this.chat)).hasSize(2).allSatisfy((text) -> assertThat(text).contains("キャリア相談ボット"));
		assertThat(attempts.get()).isEqualTo(2);
		JsonNode parked = AgentApi.ok(new AgentApi(this.port, AGENT_TOKEN).get("/api/agent/undelivered"))
			.get("messages");
		assertThat(parked)
			.noneSatisfy((message) -> assertThat(message.get("userId").asText()).isEqualTo(String.valueOf(this.chat)));
	}

	@Test
	void aFailedCallIsLoggedWithItsMethodAndChatButNeverTheToken(CapturedOutput output) {
		botApi.http.answer("/sendmessage", (request) -> Answer.json(400,
				"{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
		assertThat(post(Updates.command(this.chat, "/start"))).isEqualTo(200);
		assertThat(botApi.calls("sendMessage")).hasSize(1); // a 400 is not retried
		assertThat(output.getAll()).contains("Bot API sendmessage for chat " + this.chat + " answered error 400")
			.doesNotContain(BotApiDouble.TOKEN)
			.doesNotContain(BotApiDouble.TOKEN.substring(BotApiDouble.TOKEN.indexOf(':') + 1));
		// not dropped: parked where agents see it
		JsonNode parked = AgentApi.ok(new AgentApi(this.port, AGENT_TOKEN).get("/api/agent/undelivered"))
			.get("messages");
		assertThat(parked).anySatisfy((message) -> {
			assertThat(message.get("userId").asText()).isEqualTo(String.valueOf(this.chat));
			assertThat(message.get("reason").asText()).isEqualTo("error 400");
			assertThat(message.at("/replies/0/text").asText()).contains("キャリア相談ボット");
		});
	}

	@Test
	void aUserWhoReturnsAfterTheirMessagesExpiredIsAnsweredAgain() {
		post(Updates.command(this.chat, "/start"));
		assertThat(botApi.texts(this.chat)).hasSize(1);
		// what the session TTL leaves behind after a long silence (or /forget after the
		// de-duplication TTL): the counter and the session are gone
		String prefix = "cc:{telegram:" + this.chat + "}:";
		this.redisTemplate.delete(List.of(prefix + "seq", prefix + "outbox", prefix + "session", prefix + "seen"));
		post(Updates.command(this.chat, "/start"));
		assertThat(botApi.texts(this.chat)).hasSize(2).allSatisfy((text) -> assertThat(text).contains("キャリア相談ボット"));
	}

	@Test
	void aStaleButtonGetsANoticeAndChangesNothing() {
		post(Updates.command(this.chat, "/start"));
		press("相談を始める");
		String oldBegin = botApi.callbackData(this.chat, "相談を始める");
		press("給料が下がりそう");
		Map<String, String> before = this.redis.snapshot();
		post(Updates.callbackQuery(this.chat, oldBegin));
		assertThat(lastText()).contains("そのボタンは今は使えません");
		assertThat(botApi.lastButtons(this.chat)).contains("次へ進む");
		assertThat(this.redis.snapshot()).isEqualTo(before);
		// the stale press got its spinner answered (in the webhook response) and its
		// keyboard removed
		assertThat(botApi.calls("editMessageReplyMarkup")).hasSize(3);
	}

	@Test
	void stickersAndEditedMessagesGetAPoliteNoteAndChangeNothing() {
		post(Updates.command(this.chat, "/start"));
		press("相談を始める");
		Map<String, String> before = this.redis.snapshot();
		post(Updates.sticker(this.chat));
		assertThat(lastText()).contains("スタンプや画像");
		assertThat(botApi.lastButtons(this.chat)).contains("給料が下がりそう");
		post(Updates.editedMessage(this.chat, "給料が心配"));
		assertThat(lastText()).contains("スタンプや画像");
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void groupChatsGetOneShortNoteThatTheBotWorksInPrivate() {
		post(Updates.groupMessage(this.chat, "/start"));
		post(Updates.groupMessage(this.chat, "こんにちは"));
		List<JsonNode> sent = botApi.http.requests("/sendmessage").stream().map((r) -> r.json()).toList();
		assertThat(sent).singleElement()
			.satisfies((message) -> assertThat(message.get("text").asText()).contains("1対1のトーク"));
		assertThat(this.redis.snapshot().keySet()).noneMatch((key) -> key.endsWith(":session"));
	}

	@Test
	void typedTextWorksLikeTheButtonAndTheFirstNameIsUsed() {
		post(Updates.command(this.chat, "/start@concierge_test_bot"));
		post(Updates.text(this.chat, "相談を始める"));
		assertThat(botApi.lastButtons(this.chat)).contains("給料が下がりそう");
		assertThat(this.redis.session("x")).isNull();
		assertThat(this.redisTemplate.opsForValue().get("cc:{telegram:" + this.chat + "}:session"))
			.contains("\"name\":\"Haruka\"");
	}

	@Test
	void malformedBodiesWithTheRightSecretAre400() {
		for (String body : new String[] { "{", "[]", "{\"message\":{}}", "" }) {
			int status = this.http.post()
				.uri("/telegram/webhook")
				.contentType(MediaType.APPLICATION_JSON)
				.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
				.body(body)
				.exchange((req, response) -> response.getStatusCode().value());
			assertThat(status).as(body).isEqualTo(400);
		}
		assertThat(botApi.http.requests()).isEmpty();
	}

	@Test
	void refusalsAreProblemsAndEveryAnswerIsTimedUnderTheWebhooksPath(@Autowired MeterRegistry meters) {
		RawHttp raw = new RawHttp(this.port);
		RawHttp.Answer refused = raw.postJson("/telegram/webhook", "{".getBytes(StandardCharsets.UTF_8),
				"X-Telegram-Bot-Api-Secret-Token: " + SECRET);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.header("content-type")).startsWith("application/problem+json");
		assertThat(refused.body()).contains("\"status\":400", "\"instance\":\"/telegram/webhook\"");
		Map<String, String> secrets = Map.of("200", SECRET, "401", "wrong");
		secrets.forEach((status, secret) -> {
			long before = webhookAnswers(meters, status);
			RawHttp.Answer answer = raw.postJson("/telegram/webhook",
					Updates.command(this.chat, "/start").getBytes(StandardCharsets.UTF_8),
					"X-Telegram-Bot-Api-Secret-Token: " + secret);
			assertThat(answer.status()).hasToString(status);
			assertThat(webhookAnswers(meters, status)).as("answers %s under the webhook's path", status)
				.isEqualTo(before + 1);
		});
		long before = webhookAnswers(meters, "400");
		raw.postJson("/telegram/webhook", "{".getBytes(StandardCharsets.UTF_8),
				"X-Telegram-Bot-Api-Secret-Token: " + SECRET);
		assertThat(webhookAnswers(meters, "400")).isEqualTo(before + 1);
	}

	@Test
	void aBusyConversationIs503WithRetryAfterAndTheRedeliveryIsAnswered() {
		String lock = "cc:{telegram:" + this.chat + "}:lock";
		this.redisTemplate.opsForValue().set(lock, "another-instance");
		Map<String, String> before = this.redis.snapshot();
		byte[] update = Updates.command(this.chat, "/start").getBytes(StandardCharsets.UTF_8);
		RawHttp raw = new RawHttp(this.port);
		RawHttp.Answer busy = raw.postJson("/telegram/webhook", update, "X-Telegram-Bot-Api-Secret-Token: " + SECRET);
		assertThat(busy.status()).as("503, so that Telegram delivers the update again").isEqualTo(503);
		assertThat(busy.header("retry-after")).isEqualTo("1");
		assertThat(busy.header("content-type")).startsWith("application/problem+json");
		assertThat(this.redis.snapshot()).isEqualTo(before);
		assertThat(botApi.texts(this.chat)).isEmpty();

		this.redisTemplate.delete(lock);
		assertThat(raw.postJson("/telegram/webhook", update, "X-Telegram-Bot-Api-Secret-Token: " + SECRET).status())
			.isEqualTo(200);
		botApi.awaitMessages(this.chat, 1);
		assertThat(lastText()).contains("キャリア相談ボット");
	}

	@Test
	void aWildcardContentTypeIs415AndChangesNothing() {
		Map<String, String> before = this.redis.snapshot();
		RawHttp.Answer answer = new RawHttp(this.port).send(
				"POST /telegram/webhook HTTP/1.1\r\nContent-Type: */*\r\nX-Telegram-Bot-Api-Secret-Token: " + SECRET,
				Updates.command(this.chat, "/start").getBytes(StandardCharsets.UTF_8));
		assertThat(answer.status()).isEqualTo(415);
		assertThat(answer.header("content-type")).startsWith("application/problem+json");
		assertThat(botApi.http.requests()).isEmpty();
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	private static long webhookAnswers(MeterRegistry meters, String status) {
		Timer timer = meters.find("http.server.requests").tag("uri", "/telegram/webhook").tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void otherSpellingsOfTheWebhooksPathServeNothing() {
		Map<String, String> before = this.redis.snapshot();
		byte[] update = Updates.command(this.chat, "/start").getBytes(StandardCharsets.UTF_8);
		RawHttp raw = new RawHttp(this.port);
		for (String path : new String[] { "/telegram/webhook/", "/telegram/%77ebhook", "/Telegram/webhook",
				"/telegram/webhook;x=1", "//telegram/webhook", "/telegram/./webhook" }) {
			RawHttp.Answer answer = raw.postJson(path, update, "X-Telegram-Bot-Api-Secret-Token: " + SECRET);
			assertThat(answer.status()).as(path).isIn(400, 404);
			assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
		}
		assertThat(raw.get("/telegram/webhook").status()).isEqualTo(404);
		assertThat(botApi.http.requests()).isEmpty();
		assertThat(this.redis.snapshot()).isEqualTo(before);
	}

	@Test
	void anAgentTakesOverATelegramChatAndTheBotStaysQuiet() {
		post(Updates.command(this.chat, "/start"));
		post(Updates.command(this.chat, "/agent"));
		assertThat(lastText()).contains("担当者におつなぎします");
		AgentApi alice = new AgentApi(this.port, AGENT_TOKEN);
		String id = alice.waiting().get(0).get("id").asText();
		assertThat(alice.waiting().get(0).get("channel").asText()).isEqualTo("telegram");
		assertThat(alice.waiting().get(0).get("displayName").asText()).isEqualTo("Haruka");

		AgentApi.ok(alice.say(id, "担当のアリスです。どんなことでお悩みですか？"));
		assertThat(botApi.texts(this.chat)).contains("担当のアリスです。どんなことでお悩みですか？");
		assertThat(botApi.texts(this.chat)).anySatisfy((text) -> assertThat(text).contains("aliceがチャットに参加しました"));

		int before = botApi.texts(this.chat).size();
		post(Updates.text(this.chat, "年収が下がるのが不安です"));
		assertThat(botApi.texts(this.chat)).hasSize(before);
		JsonNode transcript = AgentApi.ok(alice.get("/api/agent/handoffs/" + id + "/transcript")).get("turns");
		assertThat(transcript.get(transcript.size() - 1).get("text").asText()).isEqualTo("年収が下がるのが不安です");

		AgentApi.ok(alice.release(id));
		assertThat(lastText()).contains("キャリア相談ボット");
		assertThat(botApi.lastButtons(this.chat)).containsExactly("相談を始める", "担当者と話す");
	}

	private void press(String label) {
		String answer = this.http.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.body(Updates.callbackQuery(this.chat, botApi.callbackData(this.chat, label)))
			.retrieve()
			.body(String.class);
		assertThat(answer).as("the button's spinner is answered in the response")
			.containsIgnoringCase("\"method\":\"answercallbackquery\"");
	}

	private String lastText() {
		List<String> texts = botApi.texts(this.chat);
		return texts.get(texts.size() - 1);
	}

	private int post(String update) {
		return this.http.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.body(update)
			.exchange((request, response) -> response.getStatusCode().value());
	}

}
