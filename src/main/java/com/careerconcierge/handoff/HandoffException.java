package com.careerconcierge.handoff;

/**
 * An agent action that cannot be done; nothing was changed.
 */
public class HandoffException extends RuntimeException {

	private final Reason reason;

	public HandoffException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why.
	 */
	public enum Reason {

		/** No such handoff (404). */
		UNKNOWN,

		/** Another agent holds the conversation (403). */
		FORBIDDEN,

		/** The handoff is taken or over (409). */
		CONFLICT,

		/** The request asked for something that does not exist (400). */
		INVALID

	}

}
