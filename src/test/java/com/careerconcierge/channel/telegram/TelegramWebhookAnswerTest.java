package com.careerconcierge.channel.telegram;

import java.time.Duration;

import com.careerconcierge.consultation.internal.Outboxes;
import com.careerconcierge.CareerConciergeApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook answers as soon as the turn is committed; the replies come through the Bot
 * API from the outbox, confirmed. A pressed button's spinner is answered in the webhook's
 * response (Telegram makes that call), so a press costs no extra round trip for it.
 */
class TelegramWebhookAnswerTest {

	@Test
	void aPressedButtonIsAnsweredInTheResponseAndTheReplyComesThroughTheBotApi() throws Exception {
		try (BotApiDouble botApi = new BotApiDouble();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
						"--server.port=0", "--concierge.telegram.bot-token=" + BotApiDouble.TOKEN,
						"--concierge.telegram.mode=webhook", "--concierge.telegram.webhook-secret=answer-secret",
						"--concierge.telegram.api-url=" + botApi.url())) {
			botApi.settleWith(() -> Outboxes.awaitIdle(app, Duration.ofSeconds(20)));
			RestClient http = RestClient
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
			long chat = 50_001;
			JsonNode start = post(http, Updates.command(chat, "/start"));
			assertThat(start).as("a typed command needs no answer in the response").isNull();
			assertThat(botApi.texts(chat)).singleElement().asString().contains("キャリア相談ボット");

			JsonNode pressed = post(http, Updates.callbackQuery(chat, botApi.callbackData(chat, "相談を始める")));
			assertThat(pressed.get("method").asText()).isEqualToIgnoringCase("answerCallbackQuery");
			assertThat(pressed.get("callback_query_id").asText()).isNotBlank();
			assertThat(botApi.calls("answerCallbackQuery")).isEmpty();
			assertThat(botApi.texts(chat)).hasSize(2);
			assertThat(botApi.texts(chat).get(1)).contains("気になっていること");
			// the pressed message's keyboard went, through the outbox too
			assertThat(botApi.calls("editMessageReplyMarkup")).hasSize(1);
		}
	}

	private static JsonNode post(RestClient http, String update) throws Exception {
		String body = http.post()
			.uri("/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Telegram-Bot-Api-Secret-Token", "answer-secret")
			.body(update)
			.retrieve()
			.body(String.class);
		return (body == null || body.isEmpty()) ? null : new ObjectMapper().readTree(body);
	}

}
