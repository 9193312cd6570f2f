package com.careerconcierge.consultation;

/**
 * A message the consultation cannot take (empty, too long); nothing was stored.
 */
public class InvalidMessageException extends RuntimeException {

	public InvalidMessageException(String message) {
		super(message);
	}

}
