package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.internal.Outboxes;
import com.careerconcierge.support.HttpDouble.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under flood control — every third {@code sendMessage} answered 429 with
 * {@code retry_after} 2 s, for 30 s — every reply still arrives, exactly once, in order
 * per chat, and webhooks are answered at once throughout. The real client sends to the
 * Bot API double.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=flood-secret", "concierge.telegram.chat-pace=0" })
class FloodControlTest {

	static final BotApiDouble botApi = new BotApiDouble();

	private static final int CHATS = 6;

	private static final Duration FLOOD = Duration.ofSeconds(30);

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
	void everyReplyArrivesOnceAndInOrderThrough429s() throws Exception {
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		Map<Long, List<String>> accepted = new ConcurrentHashMap<>();
		botApi.http.answer("/sendmessage", (request) -> {
			if (flooding.get() && calls.incrementAndGet() % 3 == 0) {
				refused.incrementAndGet();
				return Answer.json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: "
						+ "retry after 2\",\"parameters\":{\"retry_after\":2}}");
			}
			accepted.computeIfAbsent(request.json().get("chat_id").asLong(), (chat) -> new CopyOnWriteArrayList<>())
				.add(request.json().get("text").asText());
			return botApi.messageSent(request);
		});
		botApi.settleWith(() -> Outboxes.awaitIdle(this.context, Duration.ofSeconds(120)));
		long first = 70_001;
		List<Long> chats = new ArrayList<>();
		for (int i = 0; i < CHATS; i++) {
			chats.add(first + i);
		}
		long maxAckMillis = 0;
		for (long chat : chats) {
			maxAckMillis = Math.max(maxAckMillis, post(Updates.command(chat, "/start")));
		}
		// Numbered messages to each chat, as agents and turns would queue them, over the
		// whole flood.
		int rounds = 0;
		long floodEnds = System.nanoTime() + FLOOD.toNanos();
		while (System.nanoTime() < floodEnds) {
			rounds++;
			for (long chat : chats) {
				Outboxes.queue(this.context, new ConversationKey("telegram", String.valueOf(chat)),
						List.of(Reply.of(chat + "#" + rounds)));
			}
			Thread.sleep(500);
		}
		for (long chat : chats) {
			maxAckMillis = Math.max(maxAckMillis, post(Updates.command(chat, "/help")));
		}
		flooding.set(false);

		assertThat(refused.get()).as("the double refused calls").isGreaterThan(20);
		for (long chat : chats) {
			botApi.texts(chat); // waits until the outbox is idle
			List<String> texts = accepted.getOrDefault(chat, List.of());
			List<String> expected = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				expected.add(chat + "#" + round);
			}
			assertThat(texts).as("chat %d", chat).hasSize(rounds + 2);
			assertThat(texts.get(0)).contains("キャリア相談ボット");
			assertThat(texts.subList(1, rounds + 1)).as("chat %d, in order, once each", chat)
				.containsExactlyElementsOf(expected);
			assertThat(texts.get(rounds + 1)).contains("使い方");
		}
		assertThat(maxAckMillis).as("webhooks answered at once, whatever the Bot API does").isLessThan(1000);
	}

	/** Posts an update; returns how long the webhook took to answer. */
	private long post(String update) {
		long began = System.nanoTime();
		int status = RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", "flood-secret")
			.body(update)
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(200);
		return (System.nanoTime() - began) / 1_000_000;
	}

}
