package com.careerconcierge.channel.telegram;

import com.careerconcierge.consultation.internal.Outboxes;
import org.springframework.context.ApplicationContext;
import org.junit.jupiter.api.BeforeEach;
import java.time.Duration;
import java.util.List;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.support.HttpDouble.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages to one chat keep Telegram's pace: a short burst at once, then one per
 * interval, while other chats are not held up. The real client sends to the Bot API
 * double, which records when each call arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=pace-secret", "concierge.telegram.chat-pace=500ms",
				"concierge.telegram.chat-burst=2" })
class TelegramPaceTest {

	static final BotApiDouble botApi = new BotApiDouble();

	@BeforeEach
	void settleOnTheOutbox(@Autowired ApplicationContext context) {
		botApi.settleWith(() -> Outboxes.awaitIdle(context, Duration.ofSeconds(20)));
	}

	@DynamicPropertySource
	static void botApiUrl(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", botApi::url);
	}

	@AfterAll
	static void closeDouble() {
		botApi.close();
	}

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void aBurstGoesAtOnceThenOneMessagePerIntervalWhileOtherChatsAndWebhooksGoOn() {
		long busy = 60_001;
		long other = 60_002;
		ConversationKey busyChat = new ConversationKey("telegram", String.valueOf(busy));
		// Each message has buttons, so none are joined: five messages to one chat.
		long began = System.nanoTime();
		for (String text : List.of("1", "2", "3", "4", "5")) {
			Outboxes.queue(this.context, busyChat, List.of(reply(text)));
		}
		sleep(100);
		// The busy chat's own next update is acknowledged at once: the pace is a timer,
		// not a webhook thread asleep.
		long posted = System.nanoTime();
		assertThat(post(Updates.command(busy, "/help"))).isEqualTo(200);
		Duration ack = Duration.ofNanos(System.nanoTime() - posted);
		long otherSent = System.nanoTime();
		Outboxes.queue(this.context, new ConversationKey("telegram", String.valueOf(other)),
				List.of(reply("elsewhere")));
		List<Request> elsewhere = botApi.http.await(
				(request) -> request.path().endsWith("/sendmessage") && request.json().get("chat_id").asLong() == other,
				1, Duration.ofSeconds(5));
		long otherTook = elsewhere.get(0).receivedNanos() - otherSent;

		List<String> texts = botApi.texts(busy); // waits until the outbox is idle
		assertThat(texts).hasSize(6);
		assertThat(texts.subList(0, 5)).containsExactly("1", "2", "3", "4", "5");
		assertThat(texts.get(5)).as("the answer to /help, after what was queued before it").contains("使い方");
		List<Long> arrivals = arrivals(busy);
		// the first two at once, then each on a 500 ms schedule counted from when sending
		// began (so a slow call does not make the next gap look short)
		assertThat(millisBetween(arrivals.get(0), arrivals.get(1))).isLessThan(400);
		for (int i = 2; i < arrivals.size(); i++) {
			assertThat(millisBetween(began, arrivals.get(i))).as("message %d", i + 1)
				.isGreaterThanOrEqualTo((i - 1) * 500L);
		}
		assertThat(ack).isLessThan(Duration.ofMillis(400));
		// the other chat went while the first one was waiting for its turn
		assertThat(Duration.ofNanos(otherTook)).isLessThan(Duration.ofMillis(400));
		assertThat(botApi.texts(other)).containsExactly("elsewhere");
	}

	@Test
	void repliesOfOneAnswerBecomeOneMessage() {
		long chat = 60_003;
		Outboxes.queue(this.context, new ConversationKey("telegram", String.valueOf(chat)),
				List.of(Reply.of("まず、ひとこと。"), Reply.of("つぎに説明。"),
						new Reply("どれにしますか？", List.of(new Choice("経理", "role:accounting")))));
		assertThat(botApi.sentMessages(chat)).singleElement().satisfies((message) -> {
			assertThat(message.get("text").asText()).isEqualTo("まず、ひとこと。\n\nつぎに説明。\n\nどれにしますか？");
			assertThat(message.at("/reply_markup/inline_keyboard/0/0/callback_data").asText())
				.isEqualTo("role:accounting");
		});
	}

	@Test
	void aReplyThatWouldPassTelegramsLimitStartsANewMessage() {
		long chat = 60_004;
		String long1 = "あ".repeat(3000);
		String long2 = "い".repeat(2000);
		Outboxes.queue(this.context, new ConversationKey("telegram", String.valueOf(chat)),
				List.of(Reply.of(long1), Reply.of(long2)));
		assertThat(botApi.texts(chat)).containsExactly(long1, long2);
	}

	private int post(String update) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", "pace-secret")
			.body(update)
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private static Reply reply(String text) {
		return new Reply(text, List.of(new Choice("OK", "cmd:help")));
	}

	private static List<Long> arrivals(long chatId) {
		return botApi.calls("sendMessage")
			.stream()
			.filter((request) -> request.json().get("chat_id").asLong() == chatId)
			.map(Request::receivedNanos)
			.toList();
	}

	private static long millisBetween(long fromNanos, long toNanos) {
		return (toNanos - fromNanos) / 1_000_000;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
