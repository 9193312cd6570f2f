package com.careerconcierge.consultation;

import org.springframework.lang.Nullable;

/**
 * One thing a user did on any channel: typed text or pressed a button.
 *
 * @param conversation who sent it
 * @param displayName the user's name as the channel shows it, if known
 * @param text what the user typed, or {@code null} for a button
 * @param postback the pressed button's payload, or {@code null} for text
 * @param eventId the platform's id for this event (for de-duplication), if it has one
 */
public record InboundMessage(ConversationKey conversation, @Nullable String displayName, @Nullable String text,
		@Nullable String postback, @Nullable String eventId) {

	public InboundMessage {
		displayName = UserText.displayName(displayName);
	}

}
