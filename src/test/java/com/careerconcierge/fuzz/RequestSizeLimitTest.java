package com.careerconcierge.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.careerconcierge.support.HttpDouble;
import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.web.BodyLimit;
import com.careerconcierge.support.web.HttpProperties;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body size limits, one by one: a body over its limit is answered 413 with problem
 * JSON and a log line and never reaches a controller, whether its length is declared or
 * it is streamed; the webhooks have limits of their own; the limit comes before the agent
 * API's token check.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.telegram.bot-token=" + InputFuzzTest.BOT_TOKEN, "concierge.telegram.mode=webhook",
				"concierge.telegram.webhook-secret=" + InputFuzzTest.TELEGRAM_SECRET,
				"concierge.line.channel-secret=" + InputFuzzTest.LINE_SECRET,
				"concierge.line.channel-access-token=" + InputFuzzTest.LINE_TOKEN,
				"concierge.handoff.agent-tokens=alice:" + InputFuzzTest.AGENT_TOKEN })
@ExtendWith(OutputCaptureExtension.class)
class RequestSizeLimitTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	static final HttpDouble BOT_API = new HttpDouble();

	static final HttpDouble LINE_API = new HttpDouble();

	@DynamicPropertySource
	static void platformApis(DynamicPropertyRegistry registry) {
		registry.add("concierge.telegram.api-url", BOT_API::url);
		registry.add("concierge.line.api-url", LINE_API::url);
	}

	@AfterAll
	static void closeDoubles() {
		BOT_API.close();
		LINE_API.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	@Autowired
	HttpProperties limits;

	@Autowired
	java.util.List<BodyLimit> bodyLimits;

	RedisKeys redis;

	WebChat chat;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void openAChat() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		BOT_API.reset();
		BOT_API.answer("/sendmessage", InputFuzzTest::messageSent);
		LINE_API.reset();
		LINE_API.answerOthers((request) -> Answer.json(200, "{\"sentMessages\":[]}"));
		this.chat = new WebChat(this.port);
		this.chat.open();
	}

	@Test
	void theDefaultsAre64KiBForTheApisAndMoreForTheWebhooks() {
		assertThat(this.limits.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(this.bodyLimits).extracting(BodyLimit::path, BodyLimit::maxSize)
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("/telegram/webhook", DataSize.ofKilobytes(256)),
					org.assertj.core.groups.Tuple.tuple("/line/webhook", DataSize.ofMegabytes(1)));
	}

	@Test
	void aDeclaredBodyOverTheLimitIs413ProblemJsonAndNeverRead(CapturedOutput output) {
		Map<String, String> before = this.redis.snapshot();
		Reply reply = post(messages(), text(65_537), false, Map.of());
		assertTooLarge(reply, 65_536, messages());
		assertThat(this.redis.snapshot()).isEqualTo(before);
		assertThat(output.getAll())
			.contains("Refused POST " + messages() + ": a body of 65537 bytes, over the limit of 65536 bytes");
	}

	@Test
	void aStreamedBodyThatGrowsOverTheLimitIs413(CapturedOutput output) {
		Map<String, String> before = this.redis.snapshot();
		Reply reply = post(messages(), text(70_000), true, Map.of());
		assertTooLarge(reply, 65_536, messages());
		assertThat(this.redis.snapshot()).isEqualTo(before);
		assertThat(output.getAll())
			.contains("Refused POST " + messages() + ": a body of unknown length grew over the limit of 65536 bytes")
			.doesNotContain("instead of 413");
	}

	@Test
	void aBodyOfExactlyTheLimitIsRead() {
		byte[] body = "{\"text\":\"こんにちは\"}".getBytes(StandardCharsets.UTF_8);
		byte[] padded = (new String(body, StandardCharsets.UTF_8) + " ".repeat(65_536 - body.length))
			.getBytes(StandardCharsets.UTF_8);
		assertThat(padded).hasSize(65_536);
		assertThat(post(messages(), padded, false, Map.of()).status()).isEqualTo(200);
		assertThat(post(messages(), padded, true, Map.of()).status()).isEqualTo(200);
	}

	@Test
	void theLimitComesBeforeTheAgentTokenCheck(CapturedOutput output) {
		String path = "/api/agent/handoffs/unknown/messages";
		assertTooLarge(post(path, text(70_000), false, Map.of()), 65_536, path);
		assertThat(output.getAll()).doesNotContain("Refused POST " + path + ": no bearer token");
		// streamed, the body is not read before the token is checked
		assertThat(post(path, text(70_000), true, Map.of()).status()).isEqualTo(401);
	}

	@Test
	void aTelegramUpdateMayBeLargerThanAnApiMessage() {
		String update = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":5551234,\"type\":\"private\"},"
				+ "\"from\":{\"id\":5551234,\"is_bot\":false,\"first_name\":\"Haruka\"},\"text\":\""
				+ "\\u3042".repeat(20_000) + "\"}}";
		Map<String, String> secret = Map.of("X-Telegram-Bot-Api-Secret-Token", InputFuzzTest.TELEGRAM_SECRET);
		assertThat(update.length()).isGreaterThan(100_000);
		assertThat(post("/telegram/webhook", update.getBytes(StandardCharsets.UTF_8), true, secret).status())
			.isEqualTo(200);
		assertTooLarge(post("/telegram/webhook", text(262_145), false, secret), 262_144, "/telegram/webhook");
		assertTooLarge(post("/telegram/webhook", text(300_000), true, secret), 262_144, "/telegram/webhook");
	}

	@Test
	void aLineBatchMayBeLargerStill() {
		StringBuilder events = new StringBuilder();
		for (int i = 0; i < 25; i++) {
			events.append((i > 0) ? "," : "")
				.append("{\"type\":\"message\",\"mode\":\"standby\",\"timestamp\":1,\"webhookEventId\":\"01FZSIZE")
				.append(i)
				.append("\",\"source\":{\"type\":\"user\",\"userId\":\"U0123\"},\"message\":{\"type\":\"text\",\"id\":\"1\","
						+ "\"text\":\"")
				.append("\\u3042".repeat(5000))
				.append("\"}}");
		}
		byte[] batch = ("{\"destination\":\"U0\",\"events\":[" + events + "]}").getBytes(StandardCharsets.UTF_8);
		assertThat(batch.length).isBetween(700_000, 1_048_576);
		assertThat(post("/line/webhook", batch, false, Map.of("x-line-signature", signed(batch))).status())
			.isEqualTo(200);
		byte[] over = text(1_048_577);
		assertTooLarge(post("/line/webhook", over, false, Map.of("x-line-signature", signed(over))), 1_048_576,
				"/line/webhook");
		assertTooLarge(post("/line/webhook", over, true, Map.of()), 1_048_576, "/line/webhook");
	}

	@Test
	void aStreamedFormOrMultipartBodyMustDeclareItsLength() {
		for (String type : new String[] { "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" }) {
			Reply reply = post(messages(), "text=hello".getBytes(StandardCharsets.UTF_8), true,
					Map.of("Content-Type", type));
			assertThat(reply.status()).isEqualTo(411);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.json().get("title").asText()).isEqualTo("Length Required");
		}
	}

	@Test
	void aHugeBodyIsAnsweredBeforeItIsSent() throws IOException {
		// With Expect: 100-continue the client waits; without, the answer comes while
		// it is still sending.
		String head = "POST " + messages() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 52428800\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((head + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 413 ");
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(text(65_536));
			assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 413 ");
		}
		assertThat(this.chat.say("こんにちは")).isNotEmpty();
	}

	@Test
	void theLimitsAreSetByProperties() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
			.withUserConfiguration(Limits.class)
			.withPropertyValues("concierge.http.max-body-size=16KB", "concierge.line.max-body-size=2MB")
			.run((context) -> {
				assertThat(context.getBean(HttpProperties.class).maxBodySize()).isEqualTo(DataSize.ofKilobytes(16));
				assertThat(context.getBean(com.careerconcierge.channel.line.LineProperties.class).maxBodySize())
					.isEqualTo(DataSize.ofMegabytes(2));
				assertThat(context.getBean(com.careerconcierge.channel.telegram.TelegramProperties.class).maxBodySize())
					.isEqualTo(DataSize.ofKilobytes(256));
			});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
			.withUserConfiguration(Limits.class)
			.withPropertyValues("concierge.http.max-body-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("concierge.http.max-body-size must be more than 0 bytes"));
	}

	private void assertTooLarge(Reply reply, long limit, String path) {
		assertThat(reply.status()).isEqualTo(413);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.get("type").asText()).isEqualTo("about:blank");
		assertThat(problem.get("title").asText()).isEqualTo("Payload Too Large");
		assertThat(problem.get("status").asInt()).isEqualTo(413);
		assertThat(problem.get("detail").asText()).isEqualTo("The request body is larger than " + limit + " bytes.");
		assertThat(problem.get("instance").asText()).isEqualTo(path);
	}

	private String messages() {
		return "/api/chat/sessions/" + this.chat.sessionId() + "/messages";
	}

	/** A {@code {"text": "aaa…"}} body of exactly this many bytes. */
	private static byte[] text(int bytes) {
		String empty = "{\"text\":\"\"}";
		return ("{\"text\":\"" + "a".repeat(bytes - empty.length()) + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private Reply post(String path, byte[] body, boolean chunked, Map<String, String> headers) {
		HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(body);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(chunked ? HttpRequest.BodyPublishers.fromPublisher(bytes) : bytes);
		headers.forEach(request::setHeader);
		try {
			HttpResponse<String> response = this.http.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String statusLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int c;
		while ((c = in.read()) != -1 && c != '\r') {
			line.write(c);
		}
		String status = line.toString(StandardCharsets.US_ASCII);
		return status.substring(0, Math.min(status.length(), 13));
	}

	private static String signed(byte[] body) {
		return Shots.sign(InputFuzzTest.LINE_SECRET, body);
	}

	/** Only the limits (not a {@code @Configuration}, which would replace the app's). */
	@EnableConfigurationProperties({ HttpProperties.class, com.careerconcierge.channel.line.LineProperties.class,
			com.careerconcierge.channel.telegram.TelegramProperties.class })
	static class Limits {

	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status
	 * @param contentType the content type
	 * @param body the body
	 */
	record Reply(int status, String contentType, String body) {

		JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

	}

}
