package com.careerconcierge.consultation;

import java.util.List;
import java.util.Optional;

import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.internal.Conversations;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/**
 * The core as the agent desk sees it: an agent joins, writes, hands back or closes a
 * conversation, each as a turn under the user's lock (so it never crosses the user's own
 * message), and reads what the bot learned and what was said. The replies are for the
 * desk to deliver on the user's channel.
 */
@Service
public class AgentSide {

	private final Conversations conversations;

	AgentSide(Conversations conversations) {
		this.conversations = conversations;
	}

	/**
	 * An agent took the conversation (it must be waiting for one).
	 * @param key the conversation
	 * @param agent the agent's name
	 * @return what to deliver to the user
	 * @throws ConversationStateException if the conversation is not waiting for an agent
	 * @throws UnknownConversationException if nothing is stored for it
	 */
	public List<Reply> joined(ConversationKey key, String agent) {
		return this.conversations.agentJoined(key, agent);
	}

	/**
	 * An agent's message to the user, kept in the transcript as theirs.
	 * @param key the conversation
	 * @param agent the agent's name
	 * @param text the message
	 * @return what to deliver to the user
	 * @throws ConversationStateException if no agent holds the conversation
	 */
	public List<Reply> said(ConversationKey key, String agent, String text) {
		return this.conversations.agentSaid(key, agent, text);
	}

	/**
	 * The agent handed the conversation back to the bot, which resumes where the user
	 * was.
	 * @param key the conversation
	 * @return what to deliver to the user
	 */
	public List<Reply> released(ConversationKey key) {
		return this.conversations.agentReleased(key);
	}

	/**
	 * The agent handed the conversation back with the offer of a meeting: the bot opens
	 * the booking at once, and afterwards the user goes on where they were.
	 * @param key the conversation
	 * @return what to deliver to the user
	 */
	public List<Reply> releasedToBooking(ConversationKey key) {
		return this.conversations.agentReleasedToBooking(key);
	}

	/**
	 * The agent ended the conversation; the bot asks for a rating.
	 * @param key the conversation
	 * @return what to deliver to the user
	 */
	public List<Reply> closed(ConversationKey key) {
		return this.conversations.agentClosed(key);
	}

	/**
	 * The whole stored conversation: bot, user and agent turns.
	 * @param key the conversation
	 * @return the turns, oldest first
	 */
	public List<TranscriptTurn> transcript(ConversationKey key) {
		return this.conversations.transcript(key);
	}

	/**
	 * What the bot learned about the user.
	 * @param key the conversation
	 * @return the summary, if the user has a session
	 */
	public Optional<Summary> summary(ConversationKey key) {
		return this.conversations.summary(key);
	}

	/**
	 * Messages the outbox could not deliver (the user blocked the bot, the platform was
	 * down past the deadline), newest first.
	 * @param max how many at most
	 * @return the parked messages
	 */
	public List<DeadLetter> undelivered(int max) {
		return this.conversations.deadLetters(max);
	}

	/**
	 * The follow-up a user gets who has waited long for an agent, with their buttons.
	 * @param key the conversation
	 * @return the notice
	 */
	/**
	 * Tells a waiting user their place in the queue and the estimated wait.
	 * @param key the user
	 * @param position 1 for next
	 * @param minutes the estimate, or null when no agent is available to give one
	 * @return the message, queued for delivery (none if the user is not waiting now)
	 */
	public List<Reply> queueUpdate(ConversationKey key, int position, @Nullable Integer minutes) {
		return this.conversations.queueUpdate(key, position, minutes).replies();
	}

	public List<Reply> followUp(ConversationKey key) {
		return this.conversations.notice(key, Notice.AGENT_FOLLOW_UP.messageKey(), true, null, false).replies();
	}

}
