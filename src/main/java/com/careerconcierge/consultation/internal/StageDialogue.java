package com.careerconcierge.consultation.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * The room of one stage, or a group of stages that belong together: what it asks, what it
 * offers, and how it acts on what the user did there. The {@link Dialogue} matches the
 * user's input to a {@link Postback} and hands it to the room of the session's stage.
 */
interface StageDialogue {

	/**
	 * The stages this room owns.
	 * @return one or more stages
	 */
	Set<Stage> stages();

	/**
	 * What the bot asks at the session's stage and step.
	 * @param session the session
	 * @param choices the buttons on offer, which go with the last message
	 * @return the question with its buttons (several messages for the plan)
	 */
	List<Reply> prompt(Session session, List<Choice> choices);

	/**
	 * The question again after an interruption, short.
	 * @param session the session
	 * @param choices the buttons on offer
	 * @return the question
	 */
	default List<Reply> reprompt(Session session, List<Choice> choices) {
		return prompt(session, choices);
	}

	/**
	 * The buttons on offer (the dispatcher adds "talk to a person" in the consultation).
	 * @param session the session
	 * @return the postbacks
	 */
	List<Postback> offered(Session session);

	/**
	 * What typed text may select here: the buttons on offer, and sometimes more.
	 * @param session the session
	 * @return the postbacks
	 */
	default List<Postback> understood(Session session) {
		return offered(session);
	}

	/**
	 * Acts on a button this room offered (pressed, or typed and matched).
	 * @param turn the turn
	 * @param postback the button
	 * @param more further buttons named in the same message (several concerns at once)
	 * @return what comes of it
	 */
	Outcome act(Turn turn, Postback postback, List<Postback> more);

	/**
	 * Takes typed text as it is before it is matched to buttons (an episode in the user's
	 * own words).
	 * @param turn the turn
	 * @param text the text, trimmed
	 * @param normalised the text as the matcher compares it
	 * @return what comes of it, or empty to match the text to buttons
	 */
	default Optional<Outcome> capture(Turn turn, String text, JapaneseText.Heard heard) {
		return Optional.empty();
	}

	/**
	 * Answers typed text that matched nothing on offer.
	 * @param turn the turn
	 * @param text the text, trimmed
	 * @return what comes of it, or empty for the usual "not understood"
	 */
	default Optional<Outcome> unmatched(Turn turn, String text) {
		return Optional.empty();
	}

}
