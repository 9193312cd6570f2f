package com.careerconcierge.channel.telegram;

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
 * With {@code answer-in-webhook-response}, the last message of each answer travels in the
 * webhook's response body, as a Bot API call Telegram executes; earlier messages (when an
 * answer does not fit in one) are still sent.
 */
class TelegramWebhookAnswerTest {

	@Test
	void theLastMessageTravelsInTheWebhookResponse() throws Exception {
		try (BotApiDouble botApi = new BotApiDouble();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
						"--server.port=0", "--concierge.telegram.bot-token=" + BotApiDouble.TOKEN,
						"--concierge.telegram.mode=webhook", "--concierge.telegram.webhook-secret=answer-secret",
						"--concierge.telegram.answer-in-webhook-response=true",
						"--concierge.telegram.api-url=" + botApi.url())) {
			RestClient http = RestClient
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
			long chat = 50_001;
			JsonNode start = post(http, Updates.command(chat, "/start"));
			assertThat(start.get("method").asText()).isEqualToIgnoringCase("sendMessage");
			assertThat(start.get("chat_id").asText()).isEqualTo(String.valueOf(chat));
			assertThat(start.get("text").asText()).contains("キャリア相談ボット");
			assertThat(start.get("reply_markup").get("inline_keyboard").get(0).get(0).get("callback_data").asText())
				.isEqualTo("cmd:begin");
			assertThat(botApi.calls("sendMessage")).isEmpty();

			post(http, Updates.text(chat, "相談を始める"));
			JsonNode pay = post(http, Updates.text(chat, "給料が下がりそう"));
			// the answer about pay and the next question make one message, in the
			// response: no Bot API call at all
			assertThat(pay.get("text").asText()).contains("インセンティブ").contains("ほかにも気になることはありますか");
			assertThat(botApi.calls("sendMessage")).isEmpty();
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
		return new ObjectMapper().readTree(body);
	}

}
