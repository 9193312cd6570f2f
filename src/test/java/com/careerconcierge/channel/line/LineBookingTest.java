package com.careerconcierge.channel.line;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.careerconcierge.booking.BookingReminders;
import com.careerconcierge.consultation.internal.Outboxes;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.HttpDouble;
import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.HttpDouble.Request;
import com.careerconcierge.support.MovableClock;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.TokyoMorning;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking the 面談 on LINE: days and times as quick replies (at most 13), the confirmation
 * in the reply, and the reminder as a push with a retry key, once.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.line.channel-secret=" + LineBookingTest.SECRET,
				"concierge.line.channel-access-token=" + LineBookingTest.TOKEN,
				"concierge.handoff.agent-tokens=alice:" + LineBookingTest.AGENT_TOKEN,
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
				"concierge.booking.reminder-check=1h" })
class LineBookingTest {

	static final String SECRET = "5f1c0e7a9b2d4c6e8f0a1b3c5d7e9f21";

	static final String TOKEN = "test-channel-access-token-Zk9xQ2V3Ym1oYzNSbGNpQjBiMnRsYmc=";

	static final String AGENT_TOKEN = "alice-token-0123456789";

	static final HttpDouble LINE_API = new HttpDouble();

	private static final Duration WAIT = Duration.ofSeconds(10);

	@DynamicPropertySource
	static void lineApi(DynamicPropertyRegistry registry) {
		registry.add("concierge.line.api-url", LINE_API::url);
	}

	@AfterAll
	static void closeDouble() {
		LINE_API.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	ApplicationContext context;

	@Autowired
	MovableClock clock;

	@Autowired
	BookingReminders reminders;

	LinePlatform line;

	int replies;

	@BeforeEach
	void setUp() {
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		LINE_API.reset();
		LINE_API.answerOthers((request) -> request.path().startsWith("/v2/bot/profile/")
				? Answer.json(200, "{\"displayName\":\"山田 太郎\",\"userId\":\"U1\",\"language\":\"ja\"}")
				: Answer.json(200, "{\"sentMessages\":[{\"id\":\"461230966842064897\",\"quoteToken\":\"q\"}]}"));
		new RedisKeys(this.redis).flush();
		this.clock.set(TokyoMorning.WEDNESDAY_TEN);
		this.line = new LinePlatform(this.port, SECRET);
		this.replies = 0;
	}

	@Test
	void aLineUserBooksByQuickRepliesAndIsRemindedByPushOnce() {
		String user = "U" + UUID.randomUUID().toString().replace("-", "");
		assertThat(this.line.follow(user).status()).isEqualTo(200);
		JsonNode last = next();
		for (String label : List.of("相談を始める", "給料が下がりそう", "次へ進む", "コミュニケーション力", "次へ進む")) {
			last = press(user, last, label);
		}
		assertThat(this.line.text(user, "新規開拓で月に100件電話して、アポ率を2倍にした").status()).isEqualTo(200);
		last = press(user, next(), "経理");
		last = press(user, last, "面談を予約する");
		assertThat(labels(last)).startsWith("12月2日(水)", "12月3日(木)");
		last = press(user, last, "12月3日(木)");
		assertThat(labels(last)).hasSizeLessThanOrEqualTo(LineMessages.MAX_QUICK_REPLIES)
			.contains("9:00", "もっと遅い時間", "ほかの日にする");
		last = press(user, last, "もっと遅い時間");
		last = press(user, last, "16:30");
		last = press(user, last, "予約する");
		assertThat(String.join("\n", texts(last))).contains("承りました").contains("12月3日(木) 16:30〜17:00");

		JsonNode bookings = AgentApi.ok(new AgentApi(this.port, AGENT_TOKEN).get("/api/agent/bookings"));
		assertThat(bookings).singleElement().satisfies((booking) -> {
			assertThat(booking.get("channel").asText()).isEqualTo("line");
			assertThat(booking.get("name").asText()).isEqualTo("山田 太郎");
		});

		// the app was down all evening: the evening's reminder is too late by now, only
		// the
		// last one goes out
		this.clock.set(OffsetDateTime.parse("2026-12-03T15:31:00+09:00").toInstant());
		this.reminders.sendDue();
		this.reminders.sendDue();
		List<Request> pushes = LINE_API.await((request) -> request.path().equals("/v2/bot/message/push"), 1, WAIT);
		assertThat(Outboxes.awaitIdle(this.context, WAIT)).isTrue();
		pushes = LINE_API.requests("/v2/bot/message/push");
		assertThat(pushes).singleElement().satisfies((push) -> {
			assertThat(push.json().get("to").asText()).isEqualTo(user);
			assertThat(push.json().toString()).contains("あと1時間").contains("12月3日(木) 16:30〜17:00");
			assertThat(push.headers().keySet().stream().map(String::toLowerCase)).contains("x-line-retry-key");
		});
	}

	private JsonNode next() {
		this.replies++;
		List<Request> calls = LINE_API.await((request) -> request.path().equals("/v2/bot/message/reply"), this.replies,
				WAIT);
		assertThat(calls).as("reply calls").hasSize(this.replies);
		return calls.get(this.replies - 1).json();
	}

	private JsonNode press(String user, JsonNode last, String label) {
		String data = items(last).stream()
			.map((item) -> item.get("action"))
			.filter((action) -> action.get("label").asText().equals(label))
			.map((action) -> action.get("data").asText())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No quick reply '" + label + "' among " + labels(last)));
		assertThat(this.line.postback(user, data).status()).isEqualTo(200);
		return next();
	}

	private static List<JsonNode> items(JsonNode call) {
		JsonNode messages = call.get("messages");
		JsonNode quickReply = messages.get(messages.size() - 1).get("quickReply");
		List<JsonNode> items = new ArrayList<>();
		if (quickReply != null) {
			quickReply.get("items").forEach(items::add);
		}
		return items;
	}

	private static List<String> labels(JsonNode call) {
		return items(call).stream().map((item) -> item.get("action").get("label").asText()).toList();
	}

	private static List<String> texts(JsonNode call) {
		List<String> texts = new ArrayList<>();
		call.get("messages").forEach((message) -> texts.add(message.get("text").asText()));
		return texts;
	}

}
