package com.careerconcierge.consultation.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.internal.Postback.Kind;

/**
 * What the bot says, from the {@link Script}: messages with their placeholders filled in
 * for one user, and the buttons (label and payload) of every postback.
 */
final class Wording {

	/** Messages the code uses; the script must define each. */
	static final List<String> MESSAGES = List.of("welcome", "welcomeBack", "concernsQuestion", "concernsMore",
			"concernsNeeded", "strengthsQuestion", "strengthsMore", "strengthsNeeded", "episodeQuestion",
			"episodeThanks", "episodeSkipped", "episodeTooShort", "rolesQuestion", "roleChosen", "fitIntro",
			"fitRecommendation", "fitCaution", "planIntro", "planInventory", "planInventoryEpisode",
			"planInventoryNoEpisode", "planMotive", "planSearch", "planInterview", "planInterviewEpisode",
			"planInterviewNoEpisode", "planConcern", "planOutro", "planHint", "completed", "completedHint", "help",
			"resetDone", "unsupportedContent", "textTooLong", "textRefused", "privateChatOnly", "commandStart",
			"commandReset", "commandHelp", "commandAgent", "commandForget", "forgetConfirm", "forgetDone",
			"forgetCancelled", "notUnderstood", "offerAgent", "staleChoice", "agentRequested", "agentQueued",
			"agentOutOfHours", "agentNoneOnline", "agentNoted", "agentJoined", "agentReleased", "agentFollowUp",
			"agentWaiting", "agentCancelled", "ratingQuestion", "ratingThanks");

	/** Commands the code uses; the script must define each. */
	static final List<String> COMMANDS = List.of("begin", "next", "skip", "agent", "cancelAgent", "reset", "help",
			"forget", "forgetConfirm", "forgetCancel", "yes", "no", "accept", "otherRole", "showPlan", "finish");

	/** The role that stands for "not decided yet". */
	static final String UNSURE = "unsure";

	private final Script script;

	private final String agencyName;

	private final Map<Postback, Script.Option> options = new HashMap<>();

	public Wording(Script script, String agencyName) {
		this.script = script;
		this.agencyName = agencyName;
		script.commands().forEach((key, option) -> this.options.put(Postback.command(key), option));
		script.concerns().forEach((option) -> this.options.put(new Postback(Kind.CONCERN, option.id()), option));
		script.strengths().forEach((option) -> this.options.put(new Postback(Kind.STRENGTH, option.id()), option));
		script.roles().forEach((option) -> this.options.put(new Postback(Kind.ROLE, option.id()), option));
		script.rating().forEach((option) -> this.options.put(new Postback(Kind.RATING, option.id()), option));
	}

	public Script script() {
		return this.script;
	}

	/**
	 * Every postback the script defines, with its option.
	 * @return by postback
	 */
	Map<Postback, Script.Option> options() {
		return this.options;
	}

	/**
	 * The script's option of a postback.
	 * @param postback the button
	 * @return its option, if the script has it
	 */
	public Optional<Script.Option> option(Postback postback) {
		return Optional.ofNullable(this.options.get(postback));
	}

	/**
	 * A message as the script words it, placeholders unfilled.
	 * @param key the message's key
	 * @return the text
	 */
	public String message(String key) {
		return this.script.message(key);
	}

	/**
	 * A message with the user's answers filled in.
	 * @param key the message's key
	 * @param session whose answers
	 * @return the text
	 */
	public String say(String key, Session session) {
		return fill(message(key), session, session.role());
	}

	/**
	 * A message with its buttons.
	 * @param key the message's key
	 * @param session whose answers
	 * @param choices the buttons
	 * @return the reply
	 */
	public Reply reply(String key, Session session, List<Postback> choices) {
		return new Reply(say(key, session), choices(choices));
	}

	/**
	 * The buttons of some postbacks.
	 * @param postbacks the postbacks
	 * @return label and payload of each
	 */
	public List<Choice> choices(List<Postback> postbacks) {
		return postbacks.stream().map(this::choice).toList();
	}

	public Choice choice(Postback postback) {
		return new Choice(this.options.get(postback).label(), postback.payload());
	}

	/**
	 * How a pressed button reads in a transcript.
	 * @param payload the button's payload
	 * @return its label, or the payload itself if the script has no such button
	 */
	public String label(String payload) {
		return Postback.parse(payload).map(this.options::get).map(Script.Option::label).orElse(payload);
	}

	/**
	 * A template with the user's answers filled in; the role may be one not chosen yet
	 * (the fit check's recommendation).
	 * @param template a text with placeholders
	 * @param session whose answers
	 * @param roleId the role to speak of
	 * @return the text
	 */
	public String fill(String template, Session session, String roleId) {
		Optional<Script.Option> role = Optional.ofNullable(roleId).flatMap(this.script::role);
		Optional<Script.Option> strength = session.strengths().stream().findFirst().flatMap(this.script::strength);
		Optional<Script.Option> concern = session.concerns().stream().findFirst().flatMap(this.script::concern);
		String strengths = String.join("・",
				session.strengths()
					.stream()
					.map((id) -> this.script.strength(id).map(Script.Option::label).orElse(id))
					.toList());
		String keywords = role.map((r) -> String.join(" / ", r.keywords().stream().map((k) -> "「" + k + "」").toList()))
			.orElse("");
		String tip = role.map(Script.Option::tip).orElse("");
		return template.replace("{agency}", this.agencyName)
			.replace("{name}", (session.name() != null && !session.name().isBlank()) ? session.name() + "さん" : "あなた")
			.replace("{role}", role.map(Script.Option::label).orElse(""))
			.replace("{motive}", role.map(Script.Option::motive).orElse(""))
			.replace("{keywords}", keywords)
			.replace("{roleTip}", tip.isEmpty() ? "" : "\n" + tip)
			.replace("{strengths}", strengths)
			.replace("{strength}", strength.map(Script.Option::plan).orElse(""))
			.replace("{episode}", (session.episode() != null) ? session.episode() : "")
			.replace("{concern}", concern.map(Script.Option::label).orElse(""))
			.replace("{concernTip}", concern.map(Script.Option::plan).orElse(""))
			.strip();
	}

}
