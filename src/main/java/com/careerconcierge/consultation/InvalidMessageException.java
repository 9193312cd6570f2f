package com.careerconcierge.consultation;

/**
 * A message the consultation cannot take (empty, too long, unreadable); nothing was
 * stored.
 */
public class InvalidMessageException extends RuntimeException {

	private final boolean tooLong;

	public InvalidMessageException(String message) {
		this(message, false);
	}

	public InvalidMessageException(String message, boolean tooLong) {
		super(message);
		this.tooLong = tooLong;
	}

	/**
	 * Whether the text was refused only for its length (a channel can say so).
	 * @return true for text over the limit
	 */
	public boolean tooLong() {
		return this.tooLong;
	}

}
