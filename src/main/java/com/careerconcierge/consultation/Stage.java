package com.careerconcierge.consultation;

/**
 * Where a conversation stands.
 */
public enum Stage {

	/** Greeted; the consultation has not begun. */
	WELCOME,

	/** Collecting what worries the user about the move. */
	CONCERNS,

	/** Collecting the strengths that transfer from sales, and one concrete episode. */
	STRENGTHS,

	/** Choosing a back-office role, directly or through the fit check. */
	TARGET_ROLE,

	/** The personal action plan has been shown. */
	NEXT_STEPS,

	/** Booking, moving or cancelling a meeting with a career advisor (面談). */
	BOOKING,

	/** The consultation is over; the user may review the plan or start again. */
	COMPLETED,

	/** The user asked for a person and waits in the queue. */
	WAITING_FOR_AGENT,

	/** A human career agent holds the conversation; the bot stays silent. */
	WITH_AGENT,

	/** The agent closed the conversation; the bot asks for a 1–5 rating. */
	RATING;

	/**
	 * Whether the stage belongs to the bot's own consultation (as opposed to the
	 * handoff).
	 * @return true for the four stages and their start and end
	 */
	public boolean isConsultation() {
		return ordinal() <= COMPLETED.ordinal();
	}

}
