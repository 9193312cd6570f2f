package com.careerconcierge.consultation;

import java.util.List;

import org.springframework.lang.Nullable;

/**
 * What one turn said to the user, as it waits in the conversation's outbox: committed
 * with the turn, delivered in order afterwards.
 *
 * @param conversation who it goes to
 * @param id its place in the conversation's outbox (1, 2, …; also the web chat's message
 * id)
 * @param at when the turn was committed (epoch milliseconds)
 * @param replies what is said
 * @param agent the agent's name when an agent wrote it, null for the bot
 * @param context what the channel noted about the message that caused it (a LINE reply
 * token, the Telegram message whose button was pressed), or null
 */
public record Outgoing(ConversationKey conversation, long id, long at, List<Reply> replies, @Nullable String agent,
		@Nullable String context) {

	public Outgoing {
		replies = List.copyOf(replies);
	}

}
