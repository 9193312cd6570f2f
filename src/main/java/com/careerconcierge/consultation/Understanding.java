package com.careerconcierge.consultation;

import java.util.List;

import com.careerconcierge.consultation.internal.Teaching;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/**
 * How advisors improve what the bot understands: the messages it missed (or had to ask
 * back about), counted per stage, and the words they teach it, which count from the next
 * message on every instance without a restart and keep their history.
 */
@Service
public class Understanding {

	private final Teaching teaching;

	Understanding(Teaching teaching) {
		this.teaching = teaching;
	}

	/**
	 * The messages the bot missed, typed most recently first.
	 * @param max how many at most
	 * @return the messages
	 */
	public List<MissedMessage> missed(int max) {
		return (max > 0) ? this.teaching.missed(max) : List.of();
	}

	/**
	 * How many missed messages are kept.
	 * @return the count
	 */
	public long missedCount() {
		return this.teaching.missedCount();
	}

	/**
	 * Drops a missed message from the list (nothing to teach from it).
	 * @param id the message's id
	 * @throws VocabularyException if there is no such message
	 */
	public void dismiss(String id) {
		this.teaching.dismiss(id);
	}

	/**
	 * Teaches the bot a word for a choice.
	 * @param choice the choice's postback, e.g. {@code concern:salary}
	 * @param word the word or phrase that should select it
	 * @param kind {@code synonym} (found in a message as it is; the default) or
	 * {@code example} (a sentence a message is scored against)
	 * @param agent who taught it
	 * @param missedId the missed message it came from, removed from the list; or null
	 * @return the word as taught
	 * @throws VocabularyException if the choice is unknown, the word invalid, or it
	 * already selects a choice
	 */
	public TaughtWord teach(String choice, String word, @Nullable String kind, String agent,
			@Nullable String missedId) {
		return this.teaching.teach(choice, word, kind, agent, missedId);
	}

	/**
	 * Takes a taught word back.
	 * @param choice the choice's postback
	 * @param kind {@code synonym} or {@code example}
	 * @param word the word as taught
	 * @param agent who took it back
	 * @throws VocabularyException if no such word was taught
	 */
	public void unteach(String choice, @Nullable String kind, String word, String agent) {
		this.teaching.unteach(choice, kind, word, agent);
	}

	/**
	 * Every taught word, by choice in the script's order.
	 * @return the words
	 */
	public List<TaughtWord> taught() {
		return this.teaching.taught();
	}

	/**
	 * The latest changes to the taught words.
	 * @param max how many at most
	 * @return newest first
	 */
	public List<VocabularyChange> history(int max) {
		return this.teaching.history(max);
	}

	/**
	 * Every choice a word can be taught for.
	 * @return in the script's order
	 */
	public List<ChoiceOption> choices() {
		return this.teaching.choices();
	}

	/**
	 * One choice as advisors see it.
	 *
	 * @param postback its postback, e.g. {@code role:accounting}
	 * @param label its button label
	 * @param group what sort of choice: {@code concern}, {@code strength}, {@code role},
	 * {@code rating} or {@code command}
	 */
	public record ChoiceOption(String postback, String label, String group) {
	}

	/**
	 * A message the bot did not understand, or asked back about.
	 *
	 * @param id its id (one per stage and normalised text)
	 * @param text the text as first typed
	 * @param stage where the users were
	 * @param count how often it was typed
	 * @param firstSeen when it was first typed, epoch millis
	 * @param lastSeen when it was last typed, epoch millis
	 * @param candidates the choices on offer then
	 * @param suggested the choice the bot asked back about, or null
	 */
	public record MissedMessage(String id, String text, Stage stage, long count, long firstSeen, long lastSeen,
			List<ChoiceOption> candidates, @Nullable ChoiceOption suggested) {
	}

	/**
	 * A word an advisor taught.
	 *
	 * @param choice what it selects
	 * @param kind {@code synonym} or {@code example}
	 * @param word the word
	 * @param by who taught it
	 * @param at when, epoch millis
	 */
	public record TaughtWord(ChoiceOption choice, String kind, String word, String by, long at) {
	}

	/**
	 * One change to the taught words.
	 *
	 * @param at when, epoch millis
	 * @param by who made it
	 * @param action {@code taught} or {@code removed}
	 * @param choice the choice
	 * @param kind {@code synonym} or {@code example}
	 * @param word the word
	 */
	public record VocabularyChange(long at, String by, String action, ChoiceOption choice, String kind, String word) {
	}

}
