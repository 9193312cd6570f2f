package com.careerconcierge.consultation;

/**
 * An action that does not fit where the conversation stands (e.g. releasing one that is
 * not with an agent); nothing was changed.
 */
public class ConversationStateException extends RuntimeException {

	public ConversationStateException(String message) {
		super(message);
	}

}
