package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the bot says and understands, loaded from {@code script/consultation.yml}.
 *
 * @param messages texts by key, with {@code {placeholder}} slots
 * @param commands buttons and words that work at every stage, by key
 * @param concerns the worries a user may pick
 * @param strengths the strengths from sales a user may pick
 * @param roles the back-office roles
 * @param fitCheck the yes/no questions that suggest a role
 * @param fitBase points each role starts the fit check with
 * @param rating the 1–5 rating buttons
 */
record Script(Map<String, String> messages, Map<String, Option> commands, List<Option> concerns, List<Option> strengths,
		List<Option> roles, List<FitQuestion> fitCheck, Map<String, Integer> fitBase, List<Option> rating) {

	/**
	 * One choice: a button, the words that select it, and what the bot says about it.
	 *
	 * @param id stable identifier, part of the postback
	 * @param label button text
	 * @param synonyms words that select it when typed
	 * @param reply what the bot says when it is chosen
	 * @param topic what the worry is about, as the plan names it (concerns)
	 * @param plan line used in the action plan (concerns, strengths)
	 * @param motive the draft motive, with the user's {@code {strength}} in it (roles)
	 * @param keywords search keywords (roles)
	 * @param tip extra advice for the role
	 * @param examples sentences that mean the choice without naming it, scored against a
	 * message no synonym matched (see {@link Examples})
	 */
	public record Option(String id, String label, List<String> synonyms, String reply, String topic, String plan,
			String motive, List<String> keywords, String tip, List<String> examples) {

		public Option {
			synonyms = (synonyms != null) ? List.copyOf(synonyms) : List.of();
			examples = (examples != null) ? List.copyOf(examples) : List.of();
			keywords = (keywords != null) ? List.copyOf(keywords) : List.of();
			reply = (reply != null) ? reply : "";
			topic = (topic != null) ? topic : "";
			plan = (plan != null) ? plan : "";
			motive = (motive != null) ? motive : "";
			tip = (tip != null) ? tip : "";
		}

		/**
		 * The option with what advisors taught for it.
		 * @param postback its postback
		 * @param lessons everything taught (those of other choices are skipped)
		 * @return the option, or this one when nothing was taught for it
		 */
		Option plus(Postback postback, List<Lesson> lessons) {
			List<String> synonyms = new ArrayList<>(this.synonyms);
			List<String> examples = new ArrayList<>(this.examples);
			boolean taught = false;
			for (Lesson lesson : lessons) {
				if (lesson.choice().equals(postback)) {
					(lesson.example() ? examples : synonyms).add(lesson.text());
					taught = true;
				}
			}
			return taught ? new Option(this.id, this.label, synonyms, this.reply, this.topic, this.plan, this.motive,
					this.keywords, this.tip, examples) : this;
		}

	}

	/**
	 * One fit-check question.
	 *
	 * @param id identifier
	 * @param text the question
	 * @param weights points added to roles when the answer is yes
	 */
	public record FitQuestion(String id, String text, Map<String, Integer> weights) {
	}

	public String message(String key) {
		String text = this.messages.get(key);
		if (text == null) {
			throw new IllegalArgumentException("No message '" + key + "' in the script");
		}
		return text;
	}

	public Optional<Option> role(String id) {
		return find(this.roles, id);
	}

	public Optional<Option> concern(String id) {
		return find(this.concerns, id);
	}

	public Optional<Option> strength(String id) {
		return find(this.strengths, id);
	}

	/**
	 * The script with what advisors taught: further synonyms and examples.
	 * @param taught the words and sentences
	 * @return the extended script
	 */
	Script with(List<Lesson> taught) {
		if (taught.isEmpty()) {
			return this;
		}
		Map<String, Option> commands = new LinkedHashMap<>();
		this.commands.forEach((key, option) -> commands.put(key, option.plus(Postback.command(key), taught)));
		return new Script(this.messages, commands, plus(this.concerns, Postback.Kind.CONCERN, taught),
				plus(this.strengths, Postback.Kind.STRENGTH, taught), plus(this.roles, Postback.Kind.ROLE, taught),
				this.fitCheck, this.fitBase, plus(this.rating, Postback.Kind.RATING, taught));
	}

	private static List<Option> plus(List<Option> options, Postback.Kind kind, List<Lesson> taught) {
		return (options == null) ? null
				: options.stream().map((option) -> option.plus(new Postback(kind, option.id()), taught)).toList();
	}

	static Optional<Option> find(List<Option> options, String id) {
		return options.stream().filter((option) -> option.id().equals(id)).findFirst();
	}

}
