package com.careerconcierge.consultation;

import java.time.ZonedDateTime;
import java.util.List;

import org.springframework.lang.Nullable;

/**
 * Where the consultation hands a conversation to human agents. The consultation owns this
 * interface and calls it while it holds the user's lock; the handoff module implements
 * it.
 */
public interface AgentDesk {

	/**
	 * The user asked for a person: queue the conversation (again, if it is already
	 * queued).
	 * @param request who asked, with what the bot learned
	 * @return the place in the queue and when someone can answer
	 */
	QueueTicket requested(HandoffRequest request);

	/**
	 * The user stopped waiting (went back to the bot, started over or deleted their
	 * data).
	 * @param conversation the conversation
	 */
	void cancelled(ConversationKey conversation);

	/**
	 * Everything about the user is being deleted ({@code /forget}, or they blocked the
	 * bot): delete their handoffs too, with what the bot learned and what they said.
	 * @param conversation the conversation
	 */
	void forgotten(ConversationKey conversation);

	/**
	 * The user wrote while waiting for or talking with an agent.
	 * @param conversation the conversation
	 * @param text what they wrote (a pressed button reads as its label)
	 */
	void userWrote(ConversationKey conversation, String text);

	/**
	 * The user rated a closed conversation.
	 * @param conversation the conversation
	 * @param rating 1 to 5
	 * @param comment what the user wrote with it, or null
	 */
	void rated(ConversationKey conversation, int rating, String comment);

	/**
	 * A request for a person.
	 *
	 * @param conversation who
	 * @param summary what the bot learned so far
	 */
	record HandoffRequest(ConversationKey conversation, Summary summary) {
	}

	/**
	 * The answer to a request.
	 *
	 * @param position the place in the queue, 1 for next
	 * @param opensAt when agents are next available (business hours), or null if now
	 * @param agentOnline whether an agent is connected right now
	 * @param minutes the estimated wait, or null when none can be given
	 */
	record QueueTicket(int position, @Nullable ZonedDateTime opensAt, boolean agentOnline, @Nullable Integer minutes) {
	}

	/**
	 * What the bot learned, for the agent who takes over.
	 *
	 * @param displayName the user's name, if known
	 * @param stage the consultation stage the user was in
	 * @param concerns chosen concerns (labels)
	 * @param strengths chosen strengths (labels)
	 * @param episode the user's own episode, if given
	 * @param targetRole the chosen role (label), if any
	 */
	record Summary(@Nullable String displayName, Stage stage, List<String> concerns, List<String> strengths,
			@Nullable String episode, @Nullable String targetRole) {
	}

}
