package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.support.HttpDouble.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages to one chat keep Telegram's pace: a short burst at once, then one per
 * interval, while other chats are not held up. The real client sends to the Bot API
 * double, which records when each call arrives.
 */
@SpringBootTest(properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=webhook",
		"concierge.telegram.webhook-secret=pace-secret", "concierge.telegram.chat-pace=500ms",
		"concierge.telegram.chat-burst=2" })
class TelegramPaceTest {

	static final BotApiDouble botApi = new BotApiDouble();

	@DynamicPropertySource
	static void botApiUrl(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", botApi::url);
	}

	@AfterAll
	static void closeDouble() {
		botApi.close();
	}

	@Autowired
	TelegramSender sender;

	@Test
	void aBurstGoesAtOnceThenOneMessagePerInterval() {
		long busy = 60_001;
		long other = 60_002;
		// Each reply has buttons, so none are joined: five messages to one chat.
		List<Reply> five = List.of(reply("1"), reply("2"), reply("3"), reply("4"), reply("5"));
		long began = System.nanoTime();
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> this.sender.send(busy, five));
		sleep(100);
		long otherSent = System.nanoTime();
		this.sender.send(other, List.of(reply("elsewhere")));
		long otherTook = System.nanoTime() - otherSent;
		sending.join();

		List<Long> arrivals = arrivals(busy);
		assertThat(botApi.texts(busy)).containsExactly("1", "2", "3", "4", "5");
		// the first two at once, then each on a 500 ms schedule counted from when sending
		// began (so a slow call does not make the next gap look short)
		assertThat(millisBetween(arrivals.get(0), arrivals.get(1))).isLessThan(400);
		for (int i = 2; i < arrivals.size(); i++) {
			assertThat(millisBetween(began, arrivals.get(i))).as("message %d", i + 1)
				.isGreaterThanOrEqualTo((i - 1) * 500L);
		}
		// the other chat went while the first one was waiting for its turn
		assertThat(Duration.ofNanos(otherTook)).isLessThan(Duration.ofMillis(400));
		assertThat(botApi.texts(other)).containsExactly("elsewhere");
	}

	@Test
	void repliesOfOneAnswerBecomeOneMessage() {
		long chat = 60_003;
		this.sender.send(chat, List.of(Reply.of("まず、ひとこと。"), Reply.of("つぎに説明。"),
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
		this.sender.send(chat, List.of(Reply.of(long1), Reply.of(long2)));
		assertThat(botApi.texts(chat)).containsExactly(long1, long2);
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
