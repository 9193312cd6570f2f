package com.careerconcierge.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * A user books a meeting with an advisor in the web chat, by buttons and by typing; the
 * advisor sees it in the API and marks it; reminders come once each on a clock the test
 * moves; two users racing for the one advisor's slot → exactly one gets it.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + BookingTest.TOKEN, "concierge.handoff.opens=09:00",
				"concierge.handoff.closes=18:00",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY",
				"concierge.booking.reminder-check=1h" })
class BookingTest {

	static final String TOKEN = "alice-token-0123456789";

	static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	static final String EPISODE = "月に100件の新規電話でアポを取り続けた";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MovableClock clock;

	@Autowired
	BookingReminders reminders;

	AgentApi alice;

	@BeforeEach
	void setUp() {
		new RedisKeys(this.redis).flush();
		this.clock.set(TokyoMorning.WEDNESDAY_TEN);
		this.alice = new AgentApi(this.port, TOKEN);
	}

	/** A user who has had their plan, with the button to book. */
	private WebChat planned() {
		WebChat user = new WebChat(this.port).throughToThePlan();
		assertThat(user.labels()).contains("面談を予約する");
		return user;
	}

	private JsonNode bookings() {
		return AgentApi
			.ok(this.alice.get("/api/agent/bookings?from=2026-11-30T15:00:00Z&to=2026-12-20T00:00:00+09:00"));
	}

	private List<String> history(WebChat user) {
		JsonNode messages = AgentApi.ok(this.alice.get("/api/chat/sessions/" + user.sessionId() + "/messages"))
			.get("messages");
		List<String> texts = new ArrayList<>();
		messages
			.forEach((message) -> message.get("messages").forEach((reply) -> texts.add(reply.get("text").asText())));
		return texts;
	}

	@Test
	void aUserBooksBySlotButtonsAndTheAdvisorSeesTheBooking() {
		WebChat user = planned();
		String days = String.join("\n", user.press("面談を予約する"));
		assertThat(days).contains("面談").contains("オンライン").contains("30分");
		// today from the notice of two hours on; then the next days
		assertThat(user.labels()).startsWith("12月2日(水)", "12月3日(木)", "12月4日(金)").contains("予約をやめる");
		user.press("12月3日(木)");
		assertThat(user.labels()).startsWith("9:00", "9:30", "10:00").contains("もっと遅い時間", "ほかの日にする");
		user.press("もっと遅い時間");
		assertThat(user.labels()).startsWith("13:30", "14:00").contains("17:30");
		assertThat(user.press("14:00")).anySatisfy((text) -> assertThat(text).contains("12月3日(木) 14:00〜14:30"));
		String done = String.join("\n", user.press("予約する"));
		assertThat(done).contains("承りました").contains("12月3日(木) 14:00〜14:30").contains("オンライン");
		assertThat(user.labels()).contains("予約の確認・変更");

		JsonNode list = bookings();
		assertThat(list).hasSize(1);
		JsonNode booking = list.get(0);
		assertThat(booking.get("channel").asText()).isEqualTo("web");
		assertThat(booking.get("advisor").asText()).isEqualTo("alice");
		assertThat(booking.get("start").asText()).isEqualTo("2026-12-03T14:00:00+09:00");
		assertThat(booking.get("end").asText()).isEqualTo("2026-12-03T14:30:00+09:00");
		assertThat(booking.get("status").asText()).isEqualTo("booked");
		assertThat(booking.get("role").asText()).isEqualTo("経理");

		// a second user is not offered the taken time: alice is the only advisor
		WebChat other = planned();
		other.press("面談を予約する");
		other.press("12月3日(木)");
		other.press("もっと遅い時間");
		assertThat(other.labels()).contains("13:30", "14:30", "17:30").doesNotContain("14:00");
	}

	@Test
	void twoUsersRacingForTheLastSlotOneGetsItTheOtherIsOfferedTheNext() throws Exception {
		WebChat first = planned();
		WebChat second = planned();
		for (WebChat user : List.of(first, second)) {
			user.press("面談を予約する");
			user.press("12月3日(木)");
			user.press("もっと遅い時間");
			user.press("17:30"); // the day's last slot
		}
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (WebChat user : List.of(first, second)) {
				Callable<String> press = () -> {
					go.await();
					return String.join("\n", user.press("予約する"));
				};
				answers.add(pool.submit(press));
			}
			go.countDown();
			List<String> texts = List.of(answers.get(0).get(), answers.get(1).get());
			assertThat(texts).filteredOn((text) -> text.contains("承りました")).hasSize(1);
			String lost = texts.stream().filter((text) -> !text.contains("承りました")).findFirst().orElseThrow();
			assertThat(lost).contains("埋まりました").contains("12月3日(木) 17:30");
			WebChat loser = texts.get(0).contains("承りました") ? second : first;
			assertThat(loser.labels()).contains("17:00").doesNotContain("17:30");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(bookings()).hasSize(1);
	}

	@Test
	void remindersComeTheEveningBeforeAndAnHourBeforeOnceEach() {
		WebChat user = planned();
		user.press("面談を予約する");
		user.press("12月3日(木)");
		user.press("もっと遅い時間");
		user.press("14:00");
		user.press("予約する");
		assertThat(this.reminders.sendDue()).as("nothing due yet").isZero();

		this.clock.set(OffsetDateTime.parse("2026-12-02T19:01:00+09:00").toInstant());
		assertThat(this.reminders.sendDue()).isEqualTo(1);
		assertThat(this.reminders.sendDue()).isZero();
		assertThat(history(user)).filteredOn((text) -> text.contains("明日は")).hasSize(1);

		this.clock.set(OffsetDateTime.parse("2026-12-03T13:00:30+09:00").toInstant());
		assertThat(this.reminders.sendDue()).isEqualTo(1);
		assertThat(this.reminders.sendDue()).isZero();
		List<String> history = history(user);
		assertThat(history).filteredOn((text) -> text.contains("あと1時間")).hasSize(1);
		assertThat(history).as("%s", history).filteredOn((text) -> text.contains("明日は")).hasSize(1);
		assertThat(history.get(history.size() - 1)).contains("12月3日(木) 14:00〜14:30");
	}

	@Test
	void theAdvisorMarksNoShowAndTheUserGetsOneOfferToBookAgain() {
		WebChat user = planned();
		user.press("面談を予約する");
		user.press("12月2日(水)");
		user.press("12:00");
		user.press("予約する");
		String id = bookings().get(0).get("id").asText();
		assertThat(this.alice.post("/api/agent/bookings/" + id + "/no-show", null).status())
			.as("not before the meeting has started")
			.isEqualTo(409);
		assertThat(history(user)).noneMatch((text) -> text.contains("お会いできませんでした"));
		this.clock.advance(Duration.ofHours(3));

		JsonNode marked = AgentApi.ok(this.alice.post("/api/agent/bookings/" + id + "/no-show", null));
		assertThat(marked.get("status").asText()).isEqualTo("no_show");
		AgentApi.ok(this.alice.post("/api/agent/bookings/" + id + "/no-show", null));
		assertThat(history(user)).filteredOn((text) -> text.contains("お会いできませんでした")).hasSize(1);
		assertThat(this.alice.post("/api/agent/bookings/" + id + "/attended", null).status()).isEqualTo(409);
		WebChat.Response unknown = this.alice.post("/api/agent/bookings/nosuchbooking/attended", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).contains("problem+json");
		assertThat(new AgentApi(this.port, null).get("/api/agent/bookings").status()).isEqualTo(401);
		assertThat(this.alice.get("/api/agent/bookings?from=yesterday").status()).isEqualTo(400);

		// the offer leads to booking again
		user.say("面談を予約したい");
		assertThat(user.labels()).contains("12月3日(木)");
	}

	@Test
	void aMeetingThatIsOverStaysForTheAdvisorWhenTheUserBooksTheNextOne() {
		WebChat user = planned();
		user.press("面談を予約する");
		user.press("12月2日(水)");
		user.press("12:00");
		user.press("予約する");
		String first = bookings().get(0).get("id").asText();
		this.clock.advance(Duration.ofHours(3)); // the meeting is over, not marked yet

		user.say("面談を予約したい");
		user.press("12月3日(木)");
		user.press("10:00");
		assertThat(String.join("\n", user.press("予約する"))).contains("承りました");
		JsonNode list = bookings();
		assertThat(list).hasSize(2);
		assertThat(list.get(0).get("id").asText()).isEqualTo(first);
		assertThat(list.get(0).get("status").asText()).as("not taken for a move").isEqualTo("booked");
		AgentApi.ok(this.alice.post("/api/agent/bookings/" + first + "/attended", null));
		assertThat(bookings().get(1).get("status").asText()).isEqualTo("booked");
	}

	@Test
	void typingMovesAndCancelsTheBooking() {
		WebChat user = planned();
		user.press("面談を予約する");
		user.say("明日");
		user.say("15時半");
		user.press("予約する");
		assertThat(bookings().get(0).get("start").asText()).isEqualTo("2026-12-03T15:30:00+09:00");

		assertThat(String.join("\n", user.say("予約を変更したい"))).contains("12月3日(木) 15:30〜16:00");
		user.say("金曜にしたいです");
		user.say("10:00");
		assertThat(user.press("予約する")).anySatisfy((text) -> assertThat(text).contains("12月4日(金) 10:00〜10:30"));
		JsonNode list = bookings();
		assertThat(list).hasSize(2);
		assertThat(list.get(0).get("status").asText()).isEqualTo("moved");
		assertThat(list.get(1).get("status").asText()).isEqualTo("booked");

		assertThat(String.join("\n", user.say("やっぱり予約をキャンセルしたいです"))).contains("12月4日(金) 10:00〜10:30");
		assertThat(String.join("\n", user.press("キャンセルする"))).contains("キャンセルしました");
		assertThat(bookings().get(1).get("status").asText()).isEqualTo("cancelled");
		assertThat(user.labels()).contains("面談を予約する");
	}

	@Test
	void anAdvisorsOwnHoursAndDaysOffMakeTheSlots() {
		JsonNode business = AgentApi.ok(this.alice.get("/api/agent/availability"));
		assertThat(business.get("own").asBoolean()).isFalse();
		assertThat(business.get("weekly").get("WEDNESDAY").asText()).isEqualTo("09:00-18:00");
		Map<String, String> before = this.redis.opsForHash()
			.entries("cc:{bookings}:hours:alice")
			.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap((e) -> (String) e.getKey(), (e) -> (String) e.getValue()));
		for (String bad : new String[] { "{\"weekly\":{\"THURSDAY\":\"15:00-13:00\"}}",
				"{\"weekly\":{\"THURSDAY\":\"13:00-15:00, 14:00-16:00\"}}",
				"{\"weekly\":{\"DONNERSTAG\":\"13:00-15:00\"}}", "{\"off\":[\"next friday\"]}", "{\"weekly\":" }) {
			WebChat.Response refused = this.alice.put("/api/agent/availability", bad);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.contentType()).contains("problem+json");
		}
		assertThat(this.redis.opsForHash().entries("cc:{bookings}:hours:alice")).isEqualTo(before);

		// alice meets people on Thursdays from one to three, and is away on the 10th
		JsonNode set = AgentApi.ok(this.alice.put("/api/agent/availability",
				"{\"weekly\":{\"THURSDAY\":\"13:00-15:00\"},\"off\":[\"2026-12-10\"]}"));
		assertThat(set.get("own").asBoolean()).isTrue();
		assertThat(set.get("weekly").get("MONDAY").asText()).isEmpty();
		WebChat user = planned();
		user.press("面談を予約する");
		assertThat(user.labels()).containsExactly("12月3日(木)", "予約をやめる", "担当者と話す");
		user.press("12月3日(木)");
		assertThat(user.labels()).startsWith("13:00", "13:30", "14:00", "14:30").doesNotContain("15:00", "12:30");
		user.press("14:30");
		assertThat(String.join("\n", user.press("予約する"))).contains("12月3日(木) 14:30〜15:00");
	}

	@Test
	void anAgentHandsBackOfferingAMeetingAndTheUserGoesOnWhereTheyWereAfterBooking() {
		WebChat user = new WebChat(this.port);
		user.open();
		user.postback("cmd:begin");
		user.postback("concern:pay");
		user.say("担当者と話したい");
		String id = this.alice.waiting().get(0).get("id").asText();
		AgentApi.ok(this.alice.say(id, "担当のアリスです。一度アドバイザーと面談してみませんか。"));
		assertThat(this.alice.post("/api/agent/handoffs/" + id + "/release?offer=lunch", null).status()).isEqualTo(400);
		AgentApi.ok(this.alice.post("/api/agent/handoffs/" + id + "/release?offer=booking", null));
		List<String> history = history(user);
		assertThat(history).anySatisfy((text) -> assertThat(text).contains("担当者から、キャリアアドバイザーとの面談のご案内"));
		assertThat(history.get(history.size() - 1)).contains("ご都合のよい日");

		user.postback("day:20261203");
		user.press("10:00");
		String done = String.join("\n", user.press("予約する"));
		assertThat(done).contains("承りました").contains("12月3日(木) 10:00〜10:30");
		// back among the concerns, where the user was when they asked for a person
		assertThat(user.labels()).contains("次へ進む", "事務の経験がない");
		assertThat(String.join("\n", user.postback("cmd:next"))).contains("強み");
		assertThat(bookings()).hasSize(1);
	}

	@Test
	void forgetDeletesTheBookings() {
		WebChat user = planned();
		user.press("面談を予約する");
		user.press("12月3日(木)");
		user.press("もっと遅い時間");
		user.press("14:00");
		user.press("予約する");
		assertThat(bookings()).hasSize(1);
		user.say("/forget");
		user.press("削除する");
		assertThat(bookings()).isEmpty();
		assertThat(this.redis.keys("cc:{bookings}:*")).allSatisfy((key) -> assertThat(key).doesNotContain("b:"));
		WebChat other = planned();
		other.press("面談を予約する");
		other.press("12月3日(木)");
		other.press("もっと遅い時間");
		assertThat(other.labels()).as("the slot is free again").contains("14:00");
	}

}
