package com.careerconcierge.consultation;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel counts what a scripted set of consultations did, per step and channel, in
 * the stats API and in the Prometheus counters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + FunnelTest.TOKEN, "concierge.handoff.opens=00:00",
				"concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class FunnelTest {

	static final String TOKEN = "alice-token-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void flush() {
		new RedisKeys(this.redis).flush();
	}

	private long waits() {
		io.micrometer.core.instrument.Timer timer = this.meters.find("concierge.handoff.wait")
			.tag("channel", "web")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private long firstReplies() {
		io.micrometer.core.instrument.Timer timer = this.meters.find("concierge.handoff.first_reply")
			.tag("channel", "web")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void theFunnelCountsWhatTheConsultationsDid() {
		double plansBefore = this.meters.counter("concierge.funnel", "event", "plan_delivered", "channel", "web")
			.count();
		long waitsBefore = waits();
		long firstRepliesBefore = firstReplies();
		// two whole consultations, one that stops after the concerns, one that asks for a
		// person who takes it and is rated 4, and one misunderstanding
		for (int i = 0; i < 2; i++) {
			WebChat user = new WebChat(this.port);
			user.open();
			user.postback("cmd:begin");
			user.postback("concern:pay");
			user.postback("cmd:next");
			user.postback("strength:communication");
			user.postback("cmd:next");
			user.say("月に100件の新規電話でアポを取り続けた");
			user.postback("role:accounting");
		}
		WebChat stops = new WebChat(this.port);
		stops.open();
		stops.postback("cmd:begin");
		stops.postback("concern:pay");
		stops.postback("cmd:next");
		stops.say("ぜんぜん関係ない話です");

		WebChat person = new WebChat(this.port);
		person.open();
		person.postback("cmd:begin");
		person.say("担当者と話したい");
		AgentApi alice = new AgentApi(this.port, TOKEN);
		String id = alice.waiting().get(0).get("id").asText();
		AgentApi.ok(alice.say(id, "担当のアリスです。"));
		AgentApi.ok(alice.close(id));
		person.postback("rating:4");
		assertThat(person.labels()).as("after the handoff, the meeting can be booked").contains("面談を予約する");

		JsonNode days = AgentApi.ok(alice.get("/api/agent/stats?days=7")).get("days");
		assertThat(days).hasSize(7);
		JsonNode today = days.get(6).get("total");
		assertThat(today.get("started").asLong()).isEqualTo(4);
		assertThat(today.get("concerns_done").asLong()).isEqualTo(3);
		assertThat(today.get("strengths_done").asLong()).isEqualTo(2);
		assertThat(today.get("role_chosen").asLong()).isEqualTo(2);
		assertThat(today.get("plan_delivered").asLong()).isEqualTo(2);
		assertThat(today.get("person_requested").asLong()).isEqualTo(1);
		assertThat(today.get("handoff_claimed").asLong()).isEqualTo(1);
		assertThat(today.get("rated").asLong()).isEqualTo(1);
		assertThat(today.get("rating_4").asLong()).isEqualTo(1);
		assertThat(today.get("missed_strengths").asLong()).isEqualTo(1);
		assertThat(days.get(6).get("channels").get("web").get("started").asLong()).isEqualTo(4);
		assertThat(days.get(6).get("handoffs").asLong()).isEqualTo(1);
		assertThat(days.get(6).get("waitP50").asLong()).isBetween(0L, 60_000L);
		assertThat(days.get(6).get("firstReplyP50").asLong()).as("the agent's first message, once")
			.isBetween(days.get(6).get("waitP50").asLong(), 60_000L);
		assertThat(firstReplies() - firstRepliesBefore).isEqualTo(1);
		assertThat(days.get(6).get("ratingAverage").asDouble()).isEqualTo(4.0);
		assertThat(waits() - waitsBefore).isEqualTo(1);
		assertThat(days.get(0).get("total")).isEmpty();
		assertThat(days.get(0).has("waitP50")).as("no wait on a day without handoffs").isFalse();
		assertThat(days.get(0).has("firstReplyP50")).isFalse();
		assertThat(this.meters.counter("concierge.funnel", "event", "plan_delivered", "channel", "web").count()
				- plansBefore)
			.isEqualTo(2);
	}

}
