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
 * @param context what the channel needs to answer it (a LINE reply token, the Telegram
 * message whose button was pressed), kept with the answer in the outbox, or null
 */
public record InboundMessage(ConversationKey conversation, @Nullable String displayName, @Nullable String text,
		@Nullable String postback, @Nullable String eventId, @Nullable String context) {

	public InboundMessage {
		displayName = UserText.displayName(displayName);
	}

	public InboundMessage(ConversationKey conversation, @Nullable String displayName, @Nullable String text,
			@Nullable String postback, @Nullable String eventId) {
		this(conversation, displayName, text, postback, eventId, null);
	}

}
