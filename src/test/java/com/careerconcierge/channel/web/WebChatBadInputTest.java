package com.careerconcierge.channel.web;

import java.util.Map;

import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.careerconcierge.support.WebChat.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear answer and changes nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebChatBadInputTest {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	RedisKeys redis;

	WebChat chat;

	Map<String, String> before;

	@BeforeEach
	void openAChatAtTheConcernsStage() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		this.chat = new WebChat(this.port);
		this.chat.open();
		this.chat.press("相談を始める");
		this.chat.press("給料が下がりそう");
		this.before = this.redis.snapshot();
	}

	@Test
	void emptyTextIsA400ProblemAndChangesNothing() {
		assertProblem(this.chat.send(Map.of("text", "   ")), 400, "empty");
	}

	@Test
	void textOverTwoThousandCharactersIsA400ProblemAndChangesNothing() {
		assertProblem(this.chat.send(Map.of("text", "あ".repeat(2001))), 400, "2000");
	}

	@Test
	void textOfExactlyTwoThousandCharactersIsAccepted() {
		assertThat(this.chat.send(Map.of("text", "あ".repeat(2000))).status()).isEqualTo(200);
	}

	@Test
	void aBodyWithNeitherTextNorPostbackIsA400Problem() {
		assertProblem(this.chat.send(Map.of()), 400, "text or a postback");
	}

	@Test
	void aBodyWithBothTextAndPostbackIsA400Problem() {
		assertProblem(this.chat.send(Map.of("text", "経理", "postback", "role:accounting")), 400, "not both");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"text\":", "not json", "[1,2", "{\"text\":\"a\"}}" })
	void malformedJsonIsA400ProblemAndChangesNothing(String body) {
		assertProblem(this.chat.sendRaw(body, MediaType.APPLICATION_JSON), 400, null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"text\":123}", "{\"text\":[\"a\"]}", "{\"postback\":{\"a\":1}}", "{\"text\":true}",
			"[\"text\"]", "\"text\"", "null" })
	void wrongJsonTypesAreA400ProblemAndChangeNothing(String body) {
		assertProblem(this.chat.sendRaw(body, MediaType.APPLICATION_JSON), 400, null);
	}

	@Test
	void aNonJsonContentTypeIsA415Problem() {
		assertProblem(this.chat.sendRaw("給料", MediaType.TEXT_PLAIN), 415, null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "role:accounting", "nonsense", "concern:pay", "concern:unknown", "cmd:accept" })
	void aPostbackNotOnOfferGetsAPoliteNoteAndChangesNothing(String postback) {
		Response response = this.chat.send(Map.of("postback", postback));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("messages").get(0).get("text").asText()).contains("そのボタンは今は使えません");
		assertThat(this.redis.snapshot()).isEqualTo(this.before);
	}

	@Test
	void anUnknownSessionIsA404Problem() {
		WebChat stranger = new WebChat(this.port).resume("AAAAAAAAAAAAAAAAAAAAAA");
		assertProblem(stranger.send(Map.of("text", "こんにちは")), 404, null);
		WebChat malformed = new WebChat(this.port).resume("..%2F..");
		assertThat(malformed.send(Map.of("text", "こんにちは")).status()).isBetween(400, 404);
	}

	@Test
	void unknownPathsAnswerProblemJsonWithoutAStackTrace() {
		Response response = new WebChat(this.port).resume("x/y/z").send(Map.of("text", "a"));
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().toString()).doesNotContain("Exception").doesNotContain("at com.");
	}

	private void assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("status").asInt()).isEqualTo(status);
		assertThat(response.body().toString()).doesNotContain("Exception").doesNotContain("at com.");
		if (detail != null) {
			assertThat(response.body().get("detail").asText()).contains(detail);
		}
		assertThat(this.redis.snapshot()).isEqualTo(this.before);
	}

}
