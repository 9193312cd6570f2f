package com.careerconcierge.handoff;

/**
 * Where a handoff stands.
 */
public enum HandoffStatus {

	/** In the queue; no agent has it yet. */
	WAITING,

	/** An agent holds the conversation. */
	ACTIVE,

	/** The agent handed the conversation back to the bot. */
	RELEASED,

	/** The agent ended the conversation; the user is asked for a rating. */
	CLOSED,

	/** The user stopped waiting. */
	CANCELLED;

	/**
	 * Whether the handoff is over.
	 * @return true once released, closed or cancelled
	 */
	public boolean finished() {
		return this == RELEASED || this == CLOSED || this == CANCELLED;
	}

}
