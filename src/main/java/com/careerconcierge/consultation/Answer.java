package com.careerconcierge.consultation;

import java.util.List;

/**
 * What the bot said to one message, as committed: delivered by the outbox, or, where the
 * channel answers in the response to the request (the web chat), carried back by the
 * caller.
 *
 * @param replies what was said (none for a redelivered event, or while an agent holds the
 * conversation)
 * @param id the message's id in the conversation's outbox, 0 if nothing was said
 */
public record Answer(List<Reply> replies, long id) {

	public Answer {
		replies = List.copyOf(replies);
	}

}
