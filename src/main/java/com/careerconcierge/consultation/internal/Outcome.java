package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.consultation.Reply;

/**
 * What one turn led to: what the bot (or an agent) says, and what becomes of the stored
 * conversation.
 *
 * @param replies what is said, in order
 * @param effect what to do with the session
 * @param agent the agent's name when the replies are an agent's words, else null
 */
record Outcome(List<Reply> replies, Effect effect, String agent) {

	Outcome {
		replies = List.copyOf(replies);
	}

	/**
	 * What becomes of the stored conversation.
	 */
	enum Effect {

		/** Store the session and transcript (the usual case). */
		STORE,

		/** Store nothing: the turn changed nothing (a stale button). */
		NOTHING,

		/** Delete everything stored about the user. */
		ERASE

	}

	static Outcome say(List<Reply> replies) {
		return new Outcome(replies, Effect.STORE, null);
	}

	static Outcome say(Reply first, List<Reply> rest) {
		List<Reply> replies = new ArrayList<>(rest.size() + 1);
		replies.add(first);
		replies.addAll(rest);
		return say(replies);
	}

	static Outcome say(Reply reply) {
		return say(List.of(reply));
	}

	static Outcome silent() {
		return say(List.of());
	}

	static Outcome unchanged(List<Reply> replies) {
		return new Outcome(replies, Effect.NOTHING, null);
	}

	static Outcome erase(List<Reply> replies) {
		return new Outcome(replies, Effect.ERASE, null);
	}

	static Outcome fromAgent(String agent, Reply reply) {
		return new Outcome(List.of(reply), Effect.STORE, agent);
	}

}
