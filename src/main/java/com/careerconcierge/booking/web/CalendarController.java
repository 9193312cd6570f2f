package com.careerconcierge.booking.web;

import java.util.List;
import java.util.Map;

import com.careerconcierge.booking.BookingProperties;
import com.careerconcierge.booking.Bookings;
import com.careerconcierge.booking.Calendars;
import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.support.security.PublicPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meetings in calendar apps: the web-chat user's booking as an {@code .ics} file (the
 * session id is the credential, as for the rest of the web chat), and each advisor's
 * meetings as a feed at a secret URL, which the advisor gets from the agent API.
 */
@RestController
class CalendarController {

	private static final Logger log = LoggerFactory.getLogger(CalendarController.class);

	static final MediaType CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);

	private static final Map<String, String> MODES = Map.of("online", "オンライン", "phone", "お電話", "office", "来社");

	private final Bookings bookings;

	private final Calendars calendars;

	private final BookingProperties properties;

	CalendarController(Bookings bookings, Calendars calendars, BookingProperties properties) {
		this.bookings = bookings;
		this.calendars = calendars;
		this.properties = properties;
	}

	@Bean
	static PublicPaths calendarFeedPaths() {
		return PublicPaths.of("/calendar/**");
	}

	/** The web-chat user's upcoming meeting, to add to their own calendar. */
	@GetMapping("/api/chat/sessions/{id}/booking.ics")
	ResponseEntity<String> userFile(@PathVariable String id) {
		Appointment booking = this.bookings.upcoming(new ConversationKey("web", id))
			.orElseThrow(() -> new NoCalendar("No upcoming booking in this chat"));
		String ics = this.calendars.calendar("キャリア面談", List.of(booking),
				(meeting) -> "キャリアアドバイザーとの面談（" + MODES.getOrDefault(meeting.mode(), meeting.mode()) + "）",
				(meeting) -> "担当：" + meeting.advisorName() + "\n日時の変更やキャンセルは、チャットで「予約を変更したい」と送ってください。");
		return ResponseEntity.ok()
			.contentType(CALENDAR)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mendan.ics\"")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(ics);
	}

	/** Where the signed-in advisor's feed is. */
	@GetMapping("/api/agent/bookings/calendar")
	Map<String, String> feedUrl(Authentication agent) {
		String advisor = agent.getName();
		return Map.of("advisor", advisor, "path",
				"/calendar/" + advisor + "/" + this.calendars.feedSecret(advisor) + ".ics");
	}

	/** An advisor's meetings from a month back on, for a calendar app to subscribe to. */
	@GetMapping("/calendar/{advisor}/{secret}.ics")
	ResponseEntity<String> advisorFeed(@PathVariable String advisor, @PathVariable String secret) {
		if (!this.calendars.validFeed(advisor, secret)) {
			log.info("A calendar feed was asked for with a wrong secret (advisor {})", advisor);
			throw new NoCalendar("No calendar at this address");
		}
		java.time.Instant from = this.calendars.feedFrom();
		List<Appointment> meetings = this.bookings
			.between(from, from.plus(java.time.Duration.ofDays(31 + this.properties.daysAhead() + 1)))
			.stream()
			.filter((meeting) -> advisor.equals(meeting.advisor()) && !"moved".equals(meeting.status()))
			.toList();
		String ics = this.calendars.calendar("面談（" + advisor + "）", meetings,
				(meeting) -> "面談：" + ((meeting.displayName() != null) ? meeting.displayName() + "さん" : "お名前未登録の方") + "（"
						+ MODES.getOrDefault(meeting.mode(), meeting.mode()) + "）",
				(meeting) -> "チャネル：" + meeting.conversation().channel()
						+ ((meeting.role() != null) ? "\n目指す職種：" + meeting.role() : "") + "\n状態：" + meeting.status());
		return ResponseEntity.ok().contentType(CALENDAR).header(HttpHeaders.CACHE_CONTROL, "no-store").body(ics);
	}

	@ExceptionHandler(NoCalendar.class)
	ProblemDetail none(NoCalendar ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	/** Nothing to put in a calendar, or a wrong address. */
	static final class NoCalendar extends RuntimeException {

		NoCalendar(String message) {
			super(message);
		}

	}

}
