package com.careerconcierge.channel.telegram;

import com.careerconcierge.consultation.internal.Outboxes;
import org.springframework.context.ApplicationContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.BeforeEach;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import com.careerconcierge.support.HttpDouble.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In long polling, one chat waiting for Telegram's pace must not hold up another chat
 * whose update came in the same batch: updates are handled on lanes by chat.
 */
@SpringBootTest(properties = { "concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "concierge.telegram.mode=polling",
		"concierge.telegram.chat-pace=1s", "concierge.telegram.chat-burst=1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TelegramPollingLanesTest {

	static final BotApiDouble botApi = new BotApiDouble();

	@BeforeEach
	void settleOnTheOutbox(@Autowired ApplicationContext context) {
		botApi.settleWith(() -> Outboxes.awaitIdle(context, Duration.ofSeconds(20)));
	}

	static final BlockingQueue<String> pending = botApi.serveUpdates();

	static final long BUSY = 30_001;

	static final long OTHER = 30_002;

	@DynamicPropertySource
	static void botApiUrl(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", botApi::url);
	}

	@AfterAll
	static void closeDouble() {
		botApi.close();
	}

	@Test
	void aChatWaitingForItsPaceDoesNotHoldUpAnother() {
		// three answers to one chat (the 2nd and 3rd wait 1 s each), then another chat,
		// all in one getUpdates batch
		pending.addAll(List.of(Updates.command(BUSY, "/start"), Updates.command(BUSY, "/help"),
				Updates.command(BUSY, "/help"), Updates.command(OTHER, "/start")));
		botApi.awaitMessages(BUSY, 3);
		botApi.awaitMessages(OTHER, 1);

		long busyLast = arrival(BUSY, 2);
		long busyFirst = arrival(BUSY, 0);
		long other = arrival(OTHER, 0);
		assertThat((busyLast - busyFirst) / 1_000_000).as("the busy chat kept its pace").isGreaterThanOrEqualTo(1900);
		assertThat(other).as("the other chat was answered before the busy chat's last message").isLessThan(busyLast);
		assertThat((other - busyFirst) / 1_000_000).isLessThan(900);
	}

	private static long arrival(long chatId, int index) {
		return botApi.calls("sendMessage")
			.stream()
			.filter((request) -> request.json().get("chat_id").asLong() == chatId)
			.map(Request::receivedNanos)
			.toList()
			.get(index);
	}

}
