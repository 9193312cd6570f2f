package com.careerconcierge.consultation.internal;

import java.time.Duration;
import java.util.List;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;

import org.springframework.context.ApplicationContext;

/**
 * The outbox as channel tests drive it: queue messages for a conversation the way an
 * agent's turn would, and wait until they have gone.
 */
public final class Outboxes {

	private Outboxes() {
	}

	/**
	 * Queues messages for delivery, as one outbox entry.
	 * @return the entry's id
	 */
	public static long queue(ApplicationContext context, ConversationKey key, List<Reply> replies) {
		return queue(context, key, replies, null);
	}

	/**
	 * Queues messages with the channel's note (a reply token).
	 * @return the entry's id
	 */
	public static long queue(ApplicationContext context, ConversationKey key, List<Reply> replies, String note) {
		return context.getBean(Conversations.class).append(key, replies, null, note, false).id();
	}

	/** Waits until this instance has nothing queued, running or paused. */
	public static boolean awaitIdle(ApplicationContext context, Duration timeout) {
		return context.getBean(Outbox.class).awaitIdle(timeout);
	}

}
