package com.careerconcierge.booking;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.MovableClock;
import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.TokyoMorning;
import com.careerconcierge.support.WebChat;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The booking in calendar apps, read back with ical4j: the web-chat user's {@code .ics}
 * file and the advisor's feed at its secret URL; a wrong secret finds nothing.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + CalendarTest.TOKEN,
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class CalendarTest {

	static final String TOKEN = "alice-token-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	RestClient http;

	@Autowired
	MovableClock clock;

	@BeforeEach
	void setUp() {
		new RedisKeys(this.redis).flush();
		this.clock.set(TokyoMorning.WEDNESDAY_TEN); // the context, and its clock, is
													// shared
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	record Got(int status, String contentType, String body) {
	}

	private Got get(String path) {
		return this.http.get()
			.uri(path)
			.exchange((request, response) -> new Got(response.getStatusCode().value(),
					String.valueOf(response.getHeaders().getContentType()),
					new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
	}

	private static List<VEvent> events(String ics) throws Exception {
		Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
		return calendar.getComponents("VEVENT").stream().map(VEvent.class::cast).toList();
	}

	@Test
	void theUserAndTheAdvisorGetTheMeetingInTheirCalendars() throws Exception {
		WebChat user = new WebChat(this.port);
		user.open();
		assertThat(get("/api/chat/sessions/" + user.sessionId() + "/booking.ics").status()).isEqualTo(404);
		user = new WebChat(this.port).throughToThePlan();
		user.press("面談を予約する");
		user.press("12月3日(木)");
		user.press("11:00");
		user.press("予約する");

		Got file = get("/api/chat/sessions/" + user.sessionId() + "/booking.ics");
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.contentType()).startsWith("text/calendar");
		assertThat(file.body()).contains("\r\n").doesNotContain("\n\n");
		List<VEvent> mine = events(file.body());
		assertThat(mine).hasSize(1);
		VEvent meeting = mine.get(0);
		assertThat(ZonedDateTime.from(meeting.getDateTimeStart().getDate()).toInstant())
			.isEqualTo(OffsetDateTime.parse("2026-12-03T11:00:00+09:00").toInstant());
		assertThat(ZonedDateTime.from(meeting.getDateTimeEnd().getDate()).toInstant())
			.isEqualTo(OffsetDateTime.parse("2026-12-03T11:30:00+09:00").toInstant());
		assertThat(meeting.getSummary().getValue()).contains("面談").contains("オンライン");
		assertThat(meeting.getDescription().getValue()).contains("予約を変更したい");

		AgentApi alice = new AgentApi(this.port, TOKEN);
		String feed = AgentApi.ok(alice.get("/api/agent/bookings/calendar")).get("path").asText();
		assertThat(feed).startsWith("/calendar/alice/").endsWith(".ics");
		Got advisor = get(feed);
		assertThat(advisor.status()).isEqualTo(200);
		List<VEvent> hers = events(advisor.body());
		assertThat(hers).hasSize(1);
		assertThat(hers.get(0).getUid().get().getValue()).isEqualTo(meeting.getUid().get().getValue());
		assertThat(hers.get(0).getDescription().getValue()).contains("経理");

		Got forged = get(feed.replace("/calendar/alice/", "/calendar/alice/0"));
		assertThat(forged.status()).isEqualTo(404);
		assertThat(forged.contentType()).contains("problem+json");
		String secret = feed.substring("/calendar/alice/".length(), feed.length() - ".ics".length());
		assertThat(get("/calendar/bob/" + secret + ".ics").status()).as("another advisor's secret").isEqualTo(404);
		assertThat(new AgentApi(this.port, null).get("/api/agent/bookings/calendar").status()).isEqualTo(401);
	}

}
