package com.careerconcierge.channel.telegram;

import com.careerconcierge.consultation.internal.Outboxes;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.RedisKeys;
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
 * Two application instances in webhook mode over one Redis, receiving one user's updates
 * at the same moment: each update is handled exactly once and one at a time, whichever
 * instance gets it.
 */
class ConcurrentUpdatesTest {

	static final String SECRET = "concurrency-secret";

	static BotApiDouble botApi;

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static final Duration WAIT_IDLE = Duration.ofSeconds(20);

	static HttpClient http = HttpClient.newHttpClient();

	long chat = 30_000 + System.nanoTime() % 1000;

	@BeforeAll
	static void startTwoInstances() {
		botApi = new BotApiDouble();
		a = start();
		b = start();
		botApi.settleWith(() -> Outboxes.awaitIdle(a, WAIT_IDLE) && Outboxes.awaitIdle(b, WAIT_IDLE));
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		botApi.close();
	}

	@BeforeEach
	void reset() {
		new RedisKeys(a.getBean(StringRedisTemplate.class)).flush();
		botApi.reset();
	}

	@Test
	void aHundredUpdatesOfOneUserAcrossTwoInstancesAreHandledOneAtATimeAndOnceEach() {
		post(a, Updates.command(this.chat, "/start"));
		post(b, Updates.text(this.chat, "相談を始める"));
		botApi.reset();

		// 100 messages the bot does not understand, all at once, alternating instances:
		// each
		// reads and increments the user's miss counter, so a lost update would show.
		List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			sent.add(postAsync((i % 2 == 0) ? a : b, Updates.text(this.chat, "なぞのことば" + i)));
		}
		List<Integer> statuses = sent.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

		assertThat(statuses).containsOnly(200);
		List<String> texts = botApi.texts(this.chat);
		// one notice per update: the first misunderstanding re-asks, every later one
		// offers a person
		assertThat(texts).filteredOn((text) -> text.contains("読み取れませんでした")).hasSize(1);
		assertThat(texts).filteredOn((text) -> text.contains("担当者に直接相談")).hasSize(99);
		StringRedisTemplate redis = a.getBean(StringRedisTemplate.class);
		String session = redis.opsForValue().get("cc:{telegram:" + this.chat + "}:session");
		assertThat(session).contains("\"misses\":100").contains("CONCERNS");
		// all delivered: the chat is no longer marked for the sweep to look at
		assertThat(redis.opsForZSet().score("cc:{outbox}:due", "telegram:" + this.chat)).isNull();
	}

	@Test
	void theSameUpdateArrivingTwiceAtOnceIsAnsweredOnce() {
		post(a, Updates.command(this.chat, "/start"));
		for (int round = 0; round < 10; round++) {
			String update = Updates.text(this.chat, "/help");
			int before = botApi.texts(this.chat).size();
			CompletableFuture<HttpResponse<String>> first = postAsync(a, update);
			CompletableFuture<HttpResponse<String>> second = postAsync(b, update);
			assertThat(first.join().statusCode()).isEqualTo(200);
			assertThat(second.join().statusCode()).isEqualTo(200);
			assertThat(botApi.texts(this.chat)).hasSize(before + 1);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0",
				"--concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "--concierge.telegram.mode=webhook",
				"--concierge.telegram.webhook-secret=" + SECRET, "--concierge.telegram.api-url=" + botApi.url(),
				"--concierge.consultation.lock-wait=10s",
				// a hundred answers to one chat within a second or two: this test is
				// about
				// order and duplicates, the pace has its own (TelegramPaceTest)
				"--concierge.telegram.chat-pace=0");
	}

	private static int post(ConfigurableApplicationContext app, String update) {
		return postAsync(app, update).join().statusCode();
	}

	private static CompletableFuture<HttpResponse<String>> postAsync(ConfigurableApplicationContext app,
			String update) {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.POST(HttpRequest.BodyPublishers.ofString(update))
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

}
