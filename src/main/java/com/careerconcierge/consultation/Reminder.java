package com.careerconcierge.consultation;

/**
 * What the bot tells a user about their booked meeting on its own.
 */
public enum Reminder {

	/** The evening before the meeting. */
	DAY_BEFORE,

	/** An hour before it starts. */
	HOUR_BEFORE,

	/** The advisor marked the meeting missed: one offer to book again. */
	NO_SHOW

}
