package com.careerconcierge.consultation;

/**
 * The user's previous message is still being handled and this one could not wait longer;
 * nothing was stored, and the platform should deliver it again.
 */
public class ConversationBusyException extends RuntimeException {

	public ConversationBusyException(String message) {
		super(message);
	}

}
