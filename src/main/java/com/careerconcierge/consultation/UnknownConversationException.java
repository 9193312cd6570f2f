package com.careerconcierge.consultation;

/**
 * No conversation is stored under the given key.
 */
public class UnknownConversationException extends RuntimeException {

	public UnknownConversationException(String message) {
		super(message);
	}

}
