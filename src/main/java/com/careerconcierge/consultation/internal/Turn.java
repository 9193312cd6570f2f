package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;

/**
 * One message being answered: the user's session, the agent desk bound to the
 * conversation, and the dialogue for what the stage the session ends up in asks and
 * offers. Passed to every stage explicitly.
 */
final class Turn {

	private final Session session;

	private final Desk desk;

	private final Dialogue dialogue;

	private String words;

	private Miss miss;

	Turn(Session session, Desk desk, Dialogue dialogue) {
		this.session = session;
		this.desk = desk;
		this.dialogue = dialogue;
	}

	Session session() {
		return this.session;
	}

	Desk desk() {
		return this.desk;
	}

	/**
	 * What the user typed in this turn, stripped.
	 * @return the text, or null when they pressed a button
	 */
	String words() {
		return this.words;
	}

	void typed(String text) {
		this.words = text;
	}

	/**
	 * Notes that the typed words were not understood (or only asked back about), for the
	 * advisors' review.
	 * @param candidates the buttons on offer
	 * @param suggested the button asked back about, or null
	 */
	void missed(List<Postback> candidates, Postback suggested) {
		if (this.words != null) {
			this.miss = new Miss(this.session.stage(), this.words, List.copyOf(candidates), suggested);
		}
	}

	/**
	 * What this turn did not understand.
	 * @return the miss, or null
	 */
	Miss miss() {
		return this.miss;
	}

	/** What the current stage asks, in full. */
	List<Reply> prompt() {
		return this.dialogue.prompt(this.session);
	}

	/** What the current stage asks, short (the plan is not repeated). */
	List<Reply> reprompt() {
		return this.dialogue.reprompt(this.session);
	}

	/** The buttons on offer now. */
	List<Choice> choices() {
		return this.dialogue.choices(this.session);
	}

	/** The buttons on offer now, a person first. */
	List<Choice> choicesAgentFirst() {
		return this.dialogue.choicesAgentFirst(this.session);
	}

	/** One message with the buttons on offer now. */
	Reply withChoices(String text) {
		return new Reply(text, choices());
	}

}
