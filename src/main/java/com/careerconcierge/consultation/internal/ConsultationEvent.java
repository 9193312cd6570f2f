package com.careerconcierge.consultation.internal;

/**
 * What moves a conversation from one stage to another.
 */
enum ConsultationEvent {

	/** The user began the consultation from the welcome. */
	BEGIN,

	/** The user finished the current stage. */
	CONTINUE,

	/** The user wants to book, move or cancel a meeting with an advisor. */
	BOOK,

	/** The user asked to start over. */
	RESET,

	/** The user asked for a person. */
	AGENT_REQUESTED,

	/** The user stopped waiting for a person and returns to the bot. */
	AGENT_CANCELLED,

	/** An agent took the conversation. */
	AGENT_CLAIMED,

	/** The agent handed the conversation back to the bot. */
	RELEASED,

	/** The agent ended the conversation. */
	CLOSED,

	/** The user rated the conversation. */
	RATED

}
