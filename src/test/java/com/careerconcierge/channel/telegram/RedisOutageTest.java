package com.careerconcierge.channel.telegram;

import com.careerconcierge.support.RedisServerProcess;
import com.careerconcierge.consultation.internal.Outboxes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.careerconcierge.CareerConciergeApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away in the middle of a conversation (a real Debian redis-server, stopped
 * and started by the test): webhooks answer 503 so Telegram redelivers, health says DOWN,
 * nothing is half-written, and once Redis is back the redelivered updates get exactly one
 * reply each.
 */
class RedisOutageTest {

	static final String SECRET = "outage-secret";

	static final long CHAT = 40_001;

	@TempDir
	Path dir;

	Process redis;

	int redisPort;

	final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stopRedis() {
		if (this.redis != null) {
			this.redis.destroyForcibly();
		}
	}

	@Test
	void webhooksAnswer503WhileRedisIsDownAndRedeliveriesAreAnsweredOnceAfterwards() throws Exception {
		this.redisPort = RedisServerProcess.freePort();
		startRedis();
		try (BotApiDouble botApi = new BotApiDouble();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(CareerConciergeApplication.class).run(
						"--server.port=0", "--REDIS_URL=redis://127.0.0.1:" + this.redisPort,
						"--concierge.telegram.bot-token=" + BotApiDouble.TOKEN, "--concierge.telegram.mode=webhook",
						"--concierge.telegram.webhook-secret=" + SECRET, "--concierge.telegram.api-url=" + botApi.url(),
						"--concierge.consultation.lock-wait=1s")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			botApi.settleWith(() -> Outboxes.awaitIdle(app, java.time.Duration.ofSeconds(20)));
			String start = Updates.command(CHAT, "/start");
			assertThat(post(port, start)).isEqualTo(200);
			assertThat(post(port, Updates.text(CHAT, "相談を始める"))).isEqualTo(200);
			int repliesBefore = botApi.texts(CHAT).size();

			stopRedisGracefully();
			List<String> duringOutage = List.of(Updates.text(CHAT, "給料が下がりそう"), Updates.text(CHAT, "次へ"),
					Updates.text(CHAT, "コミュニケーション力"));
			for (String update : duringOutage) {
				assertThat(post(port, update)).as("while Redis is down").isEqualTo(503);
				assertThat(this.lastRetryAfter).as("a 503 says when to try again").isNotNull();
				assertThat(Long.parseLong(this.lastRetryAfter)).isPositive();
			}
			assertThat(health(port)).isEqualTo(503);
			assertThat(botApi.texts(CHAT)).hasSize(repliesBefore);

			startRedis();
			awaitHealthy(port);
			// Telegram redelivers what was not answered 2xx, and may redeliver an
			// answered one too; it keeps trying while the answer is 5xx (health can be
			// up a moment before the client's own connection is back)
			redeliver(port, start);
			for (String update : duringOutage) {
				redeliver(port, update);
			}
			List<String> after = botApi.texts(CHAT).subList(repliesBefore, botApi.texts(CHAT).size());
			assertThat(after).filteredOn((text) -> text.contains("インセンティブ")).hasSize(1);
			assertThat(after).filteredOn((text) -> text.contains("次は強みの確認です")).hasSize(1);
			assertThat(after).filteredOn((text) -> text.contains("社内のあらゆる部署")).hasSize(1);
			assertThat(after).noneMatch((text) -> text.contains("キャリア相談ボットです"));
		}
	}

	private void startRedis() throws Exception {
		this.redis = RedisServerProcess.start(this.dir, this.redisPort, "--appendonly", "yes", "--appendfsync",
				"always");
	}

	private void stopRedisGracefully() throws Exception {
		this.redis.destroy(); // SIGTERM: Redis flushes its append-only file and exits
		this.redis.waitFor();
		this.redis = null;
	}

	private void awaitHealthy(int port) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (health(port) != 200) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the app did not become healthy after Redis returned");
			}
			Thread.sleep(100);
		}
	}

	private int health(int port) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/**
	 * Posts the update again until it is answered 200, as Telegram does; only 503 may
	 * come before.
	 */
	private void redeliver(int port, String update) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		int status;
		while ((status = post(port, update)) != 200) {
			assertThat(status).as("answer to a redelivery").isEqualTo(503);
			if (System.nanoTime() > deadline) {
				throw new AssertionError("a redelivered update was still refused after Redis returned");
			}
			Thread.sleep(200);
		}
	}

	private int post(int port, String update) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.POST(HttpRequest.BodyPublishers.ofString(update))
			.build();
		HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
		this.lastRetryAfter = response.headers().firstValue("Retry-After").orElse(null);
		return response.statusCode();
	}

	private String lastRetryAfter;

}
