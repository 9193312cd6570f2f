package com.careerconcierge.booking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.careerconcierge.consultation.Appointments.Appointment;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Bookings as iCalendar (RFC 5545): the user's own meeting as an {@code .ics} file, and
 * each advisor's meetings as a feed at a secret URL that calendar apps subscribe to. The
 * feed's secret is an HMAC of the advisor's login under a random key kept in Redis, so it
 * is the same on every instance and stays valid until the key is deleted.
 * <p>
 * Written here rather than with ical4j: one event type with UTC times needs escaping and
 * line folding only, and ical4j would bring Groovy and a parser library into the jar. The
 * test reads the output with ical4j.
 */
@Component
public class Calendars {

	static final String KEY = RedisBookings.PREFIX + "calendar-key";

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final StringRedisTemplate redis;

	private final Clock clock;

	Calendars(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	/**
	 * The secret in an advisor's feed URL.
	 * @param advisor the advisor's login
	 * @return 32 hex digits
	 */
	public String feedSecret(String advisor) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(), "HmacSHA256"));
			return HexFormat.of()
				.formatHex(mac.doFinal(("calendar:" + advisor).getBytes(StandardCharsets.UTF_8)), 0, 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether a feed URL's secret is the advisor's, compared in constant time.
	 * @param advisor the login in the URL
	 * @param secret the secret in the URL
	 * @return true if it is
	 */
	public boolean validFeed(String advisor, String secret) {
		return MessageDigest.isEqual(feedSecret(advisor).getBytes(StandardCharsets.US_ASCII),
				secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A calendar of meetings.
	 * @param name the calendar's name, as calendar apps show it
	 * @param meetings the meetings (cancelled ones are written as cancelled)
	 * @param summary the title of each event
	 * @param description the notes of each event
	 * @return the iCalendar text, CRLF line ends
	 */
	public String calendar(String name, List<Appointment> meetings, Function<Appointment, String> summary,
			Function<Appointment, String> description) {
		StringBuilder ics = new StringBuilder();
		line(ics, "BEGIN:VCALENDAR");
		line(ics, "VERSION:2.0");
		line(ics, "PRODID:-//Career Concierge//Bookings//JA");
		line(ics, "CALSCALE:GREGORIAN");
		line(ics, "METHOD:PUBLISH");
		line(ics, "X-WR-CALNAME:" + text(name));
		line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT" + Duration.ofMinutes(15).toMinutes() + "M");
		String stamp = UTC.format(this.clock.instant());
		for (Appointment meeting : meetings) {
			line(ics, "BEGIN:VEVENT");
			line(ics, "UID:" + meeting.id() + "@career-concierge");
			line(ics, "DTSTAMP:" + stamp);
			line(ics, "DTSTART:" + UTC.format(meeting.start().toInstant()));
			line(ics, "DTEND:" + UTC.format(meeting.end().toInstant()));
			line(ics, "SUMMARY:" + text(summary.apply(meeting)));
			line(ics, "DESCRIPTION:" + text(description.apply(meeting)));
			boolean off = "cancelled".equals(meeting.status()) || "moved".equals(meeting.status());
			line(ics, "STATUS:" + (off ? "CANCELLED" : "CONFIRMED"));
			line(ics, "END:VEVENT");
		}
		line(ics, "END:VCALENDAR");
		return ics.toString();
	}

	/** Escapes a TEXT value (RFC 5545 3.3.11). */
	static String text(String value) {
		return (value == null) ? ""
				: value.replace("\\", "\\\\")
					.replace(";", "\\;")
					.replace(",", "\\,")
					.replace("\r\n", "\\n")
					.replace("\n", "\\n")
					.replace("\r", "\\n");
	}

	/**
	 * Appends a content line, folded at 75 octets without splitting a UTF-8 character
	 * (RFC 5545 3.1).
	 */
	static void line(StringBuilder ics, String content) {
		int octets = 0;
		int limit = 75;
		for (int i = 0; i < content.length();) {
			int codePoint = content.codePointAt(i);
			int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (octets + size > limit) {
				ics.append("\r\n ");
				octets = 1;
				limit = 75;
			}
			ics.appendCodePoint(codePoint);
			octets += size;
			i += Character.charCount(codePoint);
		}
		ics.append("\r\n");
	}

	/**
	 * Read each time (feeds are fetched a few times an hour), so every instance agrees.
	 */
	private byte[] key() {
		String known = this.redis.opsForValue().get(KEY);
		if (known == null) {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			this.redis.opsForValue().setIfAbsent(KEY, HexFormat.of().formatHex(fresh));
			known = this.redis.opsForValue().get(KEY);
		}
		return HexFormat.of().parseHex(known);
	}

	/**
	 * When a feed starts: a month back, so last weeks' meetings stay in the calendar.
	 * @return the start
	 */
	public Instant feedFrom() {
		return this.clock.instant().minus(Duration.ofDays(31));
	}

}
