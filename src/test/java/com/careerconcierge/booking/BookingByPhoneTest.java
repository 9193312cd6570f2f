package com.careerconcierge.booking;

import java.time.OffsetDateTime;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.MovableClock;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.TokyoMorning;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A meeting by phone needs a number: the bot says what it is for and asks for consent
 * first, checks what was typed, keeps the number with the booking only, and
 * {@code /forget} deletes it with the booking.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + BookingByPhoneTest.TOKEN,
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
				"concierge.booking.mode=phone" })
class BookingByPhoneTest {

	static final String TOKEN = "alice-token-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	RedisKeys keys;

	@Autowired
	MovableClock clock;

	@BeforeEach
	void setUp() {
		this.keys = new RedisKeys(this.redis);
		this.keys.flush();
		this.clock.set(TokyoMorning.WEDNESDAY_TEN); // the context, and its clock, is
													// shared
	}

	private WebChat atTheConfirmation() {
		WebChat user = new WebChat(this.port).throughToThePlan();
		assertThat(String.join("\n", user.press("面談を予約する"))).contains("お電話");
		user.press("12月3日(木)");
		user.press("10:00");
		return user;
	}

	@Test
	void theNumberIsAskedWithItsPurposeCheckedKeptWithTheBookingAndForgotten() {
		WebChat user = atTheConfirmation();
		String why = String.join("\n", user.press("予約する"));
		assertThat(why).contains("電話番号").contains("ご連絡だけに使い").contains("/forget");
		assertThat(user.labels()).contains("同意して番号を伝える", "予約をやめる");
		assertThat(this.keys.everything()).doesNotContain("\"phone\"");

		assertThat(String.join("\n", user.press("同意して番号を伝える"))).contains("例：090-1234-5678");
		assertThat(String.join("\n", user.say("9876-54"))).contains("読み取れませんでした");
		assertThat(AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/bookings"))).isEmpty();
		String done = String.join("\n", user.say("０８０－９８７６－５４３２です"));
		assertThat(done).contains("承りました").contains("12月3日(木) 10:00〜10:30").contains("お電話");

		JsonNode booking = AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/bookings")).get(0);
		assertThat(booking.get("phone").asText()).isEqualTo("08098765432");
		assertThat(booking.get("mode").asText()).isEqualTo("phone");
		assertThat(this.redis.opsForValue().get("cc:{web:" + user.sessionId() + "}:session"))
			.doesNotContain("08098765432");
		assertThat(this.redis.opsForList().range("cc:{web:" + user.sessionId() + "}:transcript", 0, -1).toString())
			.as("the transcript agents read")
			.doesNotContain("5432")
			.doesNotContain("５４３２")
			.contains("[電話番号]");

		user.say("/forget");
		user.press("削除する");
		assertThat(AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/bookings"))).isEmpty();
		assertThat(this.keys.everything()).doesNotContain("08098765432").doesNotContain("9876-54");
	}

	@Test
	void withoutConsentNothingIsBookedOrKept() {
		WebChat user = atTheConfirmation();
		user.press("予約する");
		assertThat(String.join("\n", user.press("予約をやめる"))).contains("あとからでも");
		assertThat(AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/bookings"))).isEmpty();
		// a number typed now is not taken as a phone number for a booking
		user.say("08098765432");
		assertThat(AgentApi.ok(new AgentApi(this.port, TOKEN).get("/api/agent/bookings"))).isEmpty();
	}

}
