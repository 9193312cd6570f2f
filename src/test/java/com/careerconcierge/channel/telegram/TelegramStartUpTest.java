package com.careerconcierge.channel.telegram;

import java.time.Duration;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.HttpDouble.Request;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the Telegram channel starts and stops.
 */
class TelegramStartUpTest {

	@Test
	void webhookModeRefusesToStartWithoutASecret() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0",
				"--concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "--concierge.telegram.mode=webhook",
				"--concierge.telegram.api-url=http://127.0.0.1:9"))
			.rootCause()
			.hasMessageContaining("TELEGRAM_WEBHOOK_SECRET is required");
	}

	@Test
	void setsTheWebhookWithItsSecretAndAllowedUpdatesWhenAUrlIsGiven() {
		try (BotApiDouble botApi = new BotApiDouble();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
						"--server.port=0", "--concierge.telegram.bot-token=" + BotApiDouble.TOKEN,
						"--concierge.telegram.mode=webhook", "--concierge.telegram.webhook-secret=abc123",
						"--concierge.telegram.webhook-url=https://bot.example.jp/telegram/webhook",
						"--concierge.telegram.api-url=" + botApi.url())) {
			// telegrambots sends setWebhook as multipart/form-data (it may carry a
			// certificate)
			Request setWebhook = botApi.calls("setWebhook").get(0);
			assertThat(setWebhook.headers().get("content-type")).startsWith("multipart/form-data");
			assertThat(formField(setWebhook, "url")).isEqualTo("https://bot.example.jp/telegram/webhook");
			assertThat(formField(setWebhook, "secret_token")).isEqualTo("abc123");
			assertThat(formField(setWebhook, "allowed_updates"))
				.isEqualTo("[\"message\",\"edited_message\",\"callback_query\"]");
			assertThat(botApi.calls("getUpdates")).isEmpty();
		}
	}

	@Test
	void longPollingStopsWhenTheApplicationStops() {
		try (BotApiDouble botApi = new BotApiDouble()) {
			botApi.http.answer("/getupdates", (request) -> {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return com.careerconcierge.support.HttpDouble.Answer.json(200, "{\"ok\":true,\"result\":[]}");
			});
			ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
					"--server.port=0", "--concierge.telegram.bot-token=" + BotApiDouble.TOKEN,
					"--concierge.telegram.api-url=" + botApi.url());
			botApi.http.await((request) -> request.path().endsWith("/getupdates"), 2, Duration.ofSeconds(10));
			app.close();
			int afterClose = botApi.calls("getUpdates").size();
			sleep(1000);
			assertThat(botApi.calls("getUpdates").size()).isLessThanOrEqualTo(afterClose + 1);
		}
	}

	private static String formField(Request request, String name) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("name=\"" + name + "\"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]*)")
			.matcher(request.body());
		return matcher.find() ? matcher.group(1) : null;
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
