package com.careerconcierge.booking;

import java.time.Duration;
import java.time.LocalTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the meetings users book with a career advisor (面談). Days, hours, holidays
 * and the time zone are the handoff's business hours ({@code concierge.handoff.*}).
 *
 * @param mode how meetings are held: {@code online}, {@code phone} or {@code office}
 * @param length how long one meeting is (slots start every length)
 * @param daysAhead how many days ahead users may book
 * @param notice how soon a slot may start at the earliest, from now
 * @param advisors the logins of the advisors who take meetings, comma-separated; blank
 * for every agent in {@code AGENT_TOKENS}
 * @param dayBeforeAt when the reminder of the day before goes out
 * @param hourBefore how long before the start the last reminder goes out
 * @param reminderCheck how often due reminders are looked for
 */
@Validated
@ConfigurationProperties("concierge.booking")
public record BookingProperties(@DefaultValue("online") @Pattern(regexp = "online|phone|office") String mode,
		@DefaultValue("30m") Duration length, @DefaultValue("14") @Min(1) @Max(60) int daysAhead,
		@DefaultValue("2h") Duration notice, String advisors, @DefaultValue("19:00") LocalTime dayBeforeAt,
		@DefaultValue("1h") Duration hourBefore, @DefaultValue("15s") Duration reminderCheck) {

	public BookingProperties {
		if (length.compareTo(Duration.ofMinutes(10)) < 0 || length.compareTo(Duration.ofHours(4)) > 0) {
			throw new IllegalArgumentException("concierge.booking.length must be between 10 minutes and 4 hours");
		}
	}

}
