package com.careerconcierge.consultation.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words typed text is matched against: the script's, plus those advisors taught in
 * the console. The matcher is replaced whole when they change, so each message is matched
 * against one consistent set and a change counts from the next message on, without a
 * restart. Taught words are checked exactly like the script file at start-up.
 */
final class Vocabulary {

	private static final Logger log = LoggerFactory.getLogger(Vocabulary.class);

	private final Script script;

	private volatile TextMatcher<Postback> matcher;

	private volatile Examples<Postback> examples;

	private volatile long version;

	Vocabulary(Script script) {
		this.script = script;
		this.matcher = matcher(script);
		this.examples = examples(script);
	}

	/**
	 * The matcher to use for one message.
	 * @return the current matcher
	 */
	TextMatcher<Postback> matcher() {
		return this.matcher;
	}

	/**
	 * The choices' example sentences, for a message the matcher found nothing in.
	 * @return the examples
	 */
	Examples<Postback> examples() {
		return this.examples;
	}

	/**
	 * The version of the taught words in use (0: the script's alone).
	 * @return the version
	 */
	long version() {
		return this.version;
	}

	/**
	 * The script as it would be with the taught words: validated like the file.
	 * @param taught the words and sentences
	 * @return the extended script
	 * @throws ScriptLoader.InvalidScriptException if the words would break it
	 */
	Script with(List<Lesson> taught) {
		Script extended = this.script.with(taught);
		ScriptLoader.validate(extended);
		return extended;
	}

	/**
	 * Uses the taught words as stored now. The caller reads and calls this under one
	 * lock, so the last read is the one in use; a version that went back (Redis restored
	 * from an older copy) is used too, since it is what every instance now reads.
	 * @param version the set's version
	 * @param taught the words and sentences
	 */
	synchronized void use(long version, List<Lesson> taught) {
		if (version == this.version) {
			return;
		}
		Script extended = with(taught);
		this.examples = examples(extended);
		this.matcher = matcher(extended);
		this.version = version;
		log.info("Matching typed text with {} taught words and sentences (version {})", taught.size(), version);
	}

	/** The example sentences of every choice. */
	static Examples<Postback> examples(Script script) {
		Examples<Postback> examples = new Examples<>();
		Wording.optionsOf(script).forEach((postback, option) -> examples.add(postback, option.examples()));
		return examples;
	}

	/** The words of every button, to match typed text against. */
	static TextMatcher<Postback> matcher(Script script) {
		TextMatcher<Postback> matcher = new TextMatcher<>();
		Wording.optionsOf(script).forEach((postback, option) -> {
			matcher.add(postback, option.label(), option.synonyms(), postback.kind() == Postback.Kind.CONCERN);
			if (postback.kind() == Postback.Kind.ROLE) {
				matcher.exclusive(postback);
			}
		});
		return matcher;
	}

}
