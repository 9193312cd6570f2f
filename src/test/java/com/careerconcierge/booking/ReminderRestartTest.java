package com.careerconcierge.booking;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.careerconcierge.CareerConciergeApplication;
import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.MovableClock;
import com.careerconcierge.support.RedisServerProcess;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reminder falls due while the instance that took the booking is gone: the instances
 * started afterwards send it, once, though both look for due reminders at the same time.
 */
class ReminderRestartTest {

	static final String TOKEN = "alice-token-0123456789";

	@TempDir
	Path dir;

	/** A Redis of its own that outlives the instances (the embedded one lives in one). */
	Process redis;

	int redisPort;

	@AfterEach
	void stopRedis() {
		if (this.redis != null) {
			this.redis.destroyForcibly();
		}
	}

	final MovableClock clock = new MovableClock(OffsetDateTime.parse("2026-12-02T10:00:00+09:00").toInstant());

	@Test
	void aReminderDueWhileTheAppWasDownIsSentOnceByTheInstancesAfterIt() throws Exception {
		this.redisPort = RedisServerProcess.freePort();
		this.redis = RedisServerProcess.start(this.dir, this.redisPort);
		String session;
		try (ConfigurableApplicationContext first = start()) {
			WebChat user = new WebChat(port(first)).throughToThePlan();
			user.press("面談を予約する");
			user.press("12月3日(木)");
			user.press("10:00");
			assertThat(user.press("予約する")).anySatisfy((text) -> assertThat(text).contains("承りました"));
			session = user.sessionId();
		}
		// the evening before passes with no instance running
		this.clock.set(OffsetDateTime.parse("2026-12-02T21:00:00+09:00").toInstant());
		try (ConfigurableApplicationContext b = start(); ConfigurableApplicationContext c = start()) {
			BookingReminders onB = b.getBean(BookingReminders.class);
			BookingReminders onC = c.getBean(BookingReminders.class);
			CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(onB::sendDue);
			CompletableFuture<Integer> fromC = CompletableFuture.supplyAsync(onC::sendDue);
			fromB.get();
			fromC.get();
			assertThat(onB.sendDue() + onC.sendDue()).as("nothing left due").isZero();
			List<String> texts = history(port(c), session);
			assertThat(texts).filteredOn((text) -> text.contains("明日は")).hasSize(1);
			assertThat(texts).filteredOn((text) -> text.contains("承りました")).hasSize(1);
		}
	}

	private List<String> history(int port, String session) {
		JsonNode messages = AgentApi.ok(new AgentApi(port, TOKEN).get("/api/chat/sessions/" + session + "/messages"))
			.get("messages");
		List<String> texts = new ArrayList<>();
		messages
			.forEach((message) -> message.get("messages").forEach((reply) -> texts.add(reply.get("text").asText())));
		return texts;
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CareerConciergeApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("movableClock", this.clock))
			.run("--server.port=0", "--REDIS_URL=redis://127.0.0.1:" + this.redisPort,
					"--concierge.handoff.agent-tokens=alice:" + TOKEN,
					"--concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
					"--concierge.booking.reminder-check=1h");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
