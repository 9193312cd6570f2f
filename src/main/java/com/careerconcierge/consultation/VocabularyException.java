package com.careerconcierge.consultation;

/**
 * A change to the taught words that cannot be made; the message says why in words an
 * advisor understands.
 */
public class VocabularyException extends RuntimeException {

	private final Reason reason;

	public VocabularyException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a change was refused.
	 */
	public enum Reason {

		/** The word is empty, too long, or would break the script. */
		INVALID,

		/** No such choice or missed message. */
		UNKNOWN,

		/** The word already selects this or another choice. */
		CONFLICT

	}

}
