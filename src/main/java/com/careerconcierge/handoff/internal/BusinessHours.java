package com.careerconcierge.handoff.internal;

import java.time.Instant;
import java.time.ZonedDateTime;

import com.careerconcierge.handoff.HandoffProperties;

/**
 * When human agents work. Applies to the human queue only: the bot answers at any hour.
 */
public class BusinessHours {

	private final HandoffProperties properties;

	public BusinessHours(HandoffProperties properties) {
		this.properties = properties;
	}

	/**
	 * When agents are next at work.
	 * @param now the current instant
	 * @return null if they are at work now, else the next opening time
	 */
	public ZonedDateTime opensAt(Instant now) {
		ZonedDateTime time = now.atZone(this.properties.zone());
		if (workday(time) && !time.toLocalTime().isBefore(this.properties.opens())
				&& time.toLocalTime().isBefore(this.properties.closes())) {
			return null;
		}
		ZonedDateTime candidate = time.toLocalDate().atTime(this.properties.opens()).atZone(this.properties.zone());
		if (!candidate.isAfter(time)) {
			candidate = candidate.plusDays(1);
		}
		for (int i = 0; i < 366 && !workday(candidate); i++) {
			candidate = candidate.plusDays(1);
		}
		return candidate;
	}

	private boolean workday(ZonedDateTime time) {
		return this.properties.days().contains(time.getDayOfWeek())
				&& !this.properties.holidays().contains(time.toLocalDate());
	}

}
