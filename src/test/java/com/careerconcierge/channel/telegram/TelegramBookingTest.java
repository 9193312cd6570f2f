package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.booking.BookingReminders;
import com.careerconcierge.consultation.internal.Outboxes;
import com.careerconcierge.support.AgentApi;
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
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking the 面談 on Telegram: the days and times as inline buttons (callback data within
 * Telegram's 64 bytes), the booking seen by the advisor, and the reminder sent with
 * {@code sendMessage} once, by the real telegrambots client against the Bot API double.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=" + TelegramBookingTest.SECRET,
				"concierge.handoff.agent-tokens=alice:" + TelegramBookingTest.AGENT_TOKEN,
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
				"concierge.booking.reminder-check=1h", "concierge.telegram.chat-pace=0" })
class TelegramBookingTest {

	static final String SECRET = "s3cret-webhook-token";

	static final String AGENT_TOKEN = "alice-token-0123456789";

	static final BotApiDouble botApi = new BotApiDouble();

	static final AtomicInteger chats = new AtomicInteger(30_000);

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
	StringRedisTemplate redis;

	@Autowired
	MovableClock clock;

	@Autowired
	BookingReminders reminders;

	RestClient http;

	long chat;

	@BeforeEach
	void setUp(@Autowired ApplicationContext context) {
		botApi.settleWith(() -> Outboxes.awaitIdle(context, Duration.ofSeconds(20)));
		new RedisKeys(this.redis).flush();
		botApi.reset();
		this.clock.set(TokyoMorning.WEDNESDAY_TEN);
		this.chat = chats.incrementAndGet();
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void aTelegramUserBooksByButtonsAndIsRemindedOnce() {
		post(Updates.command(this.chat, "/start"));
		press("相談を始める");
		press("給料が下がりそう");
		press("次へ進む");
		press("コミュニケーション力");
		press("次へ進む");
		post(Updates.text(this.chat, "新規の電話営業で月30件のアポを取った"));
		post(Updates.text(this.chat, "経理がいいです"));
		assertThat(botApi.lastButtons(this.chat)).contains("面談を予約する");

		press("面談を予約する");
		assertThat(botApi.lastButtons(this.chat)).startsWith("12月2日(水)", "12月3日(木)");
		press("12月3日(木)");
		assertThat(botApi.lastButtons(this.chat)).startsWith("9:00").contains("もっと遅い時間");
		post(Updates.text(this.chat, "14時でお願いします"));
		assertThat(lastText()).contains("12月3日(木) 14:00〜14:30");
		press("予約する");
		assertThat(lastText()).contains("承りました").contains("12月3日(木) 14:00〜14:30");
		assertThat(botApi.sentMessages(this.chat)).allSatisfy((message) -> message.path("reply_markup")
			.path("inline_keyboard")
			.forEach((row) -> row.forEach((button) -> assertThat(button.get("callback_data").asText().getBytes())
				.hasSizeLessThanOrEqualTo(64))));

		JsonNode bookings = AgentApi.ok(new AgentApi(this.port, AGENT_TOKEN).get("/api/agent/bookings"));
		assertThat(bookings).hasSize(1);
		assertThat(bookings.get(0).get("channel").asText()).isEqualTo("telegram");
		assertThat(bookings.get(0).get("start").asText()).isEqualTo("2026-12-03T14:00:00+09:00");

		botApi.reset();
		this.clock.set(OffsetDateTime.parse("2026-12-02T19:00:05+09:00").toInstant());
		this.reminders.sendDue();
		this.reminders.sendDue();
		List<String> reminded = botApi.texts(this.chat);
		assertThat(reminded).singleElement().asString().contains("明日は").contains("12月3日(木) 14:00〜14:30");
	}

	private void press(String label) {
		post(Updates.callbackQuery(this.chat, botApi.callbackData(this.chat, label)));
	}

	private String lastText() {
		List<String> texts = botApi.texts(this.chat);
		return texts.get(texts.size() - 1);
	}

	private int post(String update) {
		int status = this.http.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.body(update)
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(200);
		return status;
	}

}
