package com.careerconcierge.channel.telegram;

import com.careerconcierge.consultation.internal.Outboxes;
import org.springframework.context.ApplicationContext;
import org.junit.jupiter.api.BeforeEach;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import com.careerconcierge.support.RedisKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telegram in long-polling mode: the Bot API double serves {@code getUpdates} like
 * Telegram, and the real telegrambots poller fetches them. The context is closed
 * afterwards, which must stop polling.
 */
@SpringBootTest(properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=polling",
		"concierge.telegram.chat-pace=50ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TelegramPollingTest {

	static final BotApiDouble botApi = new BotApiDouble();

	@BeforeEach
	void settleOnTheOutbox(@Autowired ApplicationContext context) {
		botApi.settleWith(() -> Outboxes.awaitIdle(context, Duration.ofSeconds(20)));
	}

	static final BlockingQueue<String> pending = botApi.serveUpdates();

	static final long CHAT = 20_001;

	@DynamicPropertySource
	static void botApiUrl(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", botApi::url);
	}

	@AfterAll
	static void closeDouble() {
		botApi.close();
	}

	@Autowired
	StringRedisTemplate redisTemplate;

	@Test
	void aWholeConsultationByButtonsThroughLongPolling() {
		new RedisKeys(this.redisTemplate).flush();
		assertThat(botApi.calls("deleteWebhook")).as("polling removes any webhook first").isNotEmpty();

		send(Updates.command(CHAT, "/start"), 1);
		assertThat(botApi.lastButtons(CHAT)).containsExactly("相談を始める", "担当者と話す");
		press("相談を始める", 1);
		press("事務の経験がない", 1);
		press("次へ進む", 1);
		press("PC・資料作成", 1);
		press("次へ進む", 1);
		press("あとで考える", 1);
		press("総務", 1);

		List<String> texts = botApi.texts(CHAT);
		assertThat(String.join("\n", texts)).contains("目指す職種は「総務」").contains("「総務 未経験OK」");
		assertThat(botApi.calls("answerCallbackQuery")).hasSize(7);
		assertThat(this.redisTemplate.opsForValue().get("cc:{telegram:" + CHAT + "}:session")).contains("NEXT_STEPS");
	}

	private void press(String label, int expectedMessages) {
		send(Updates.callbackQuery(CHAT, botApi.callbackData(CHAT, label)), expectedMessages);
	}

	private void send(String update, int expectedMessages) {
		int before = botApi.texts(CHAT).size();
		pending.add(update);
		botApi.awaitMessages(CHAT, before + expectedMessages);
		assertThat(botApi.texts(CHAT)).hasSize(before + expectedMessages);
	}

}
