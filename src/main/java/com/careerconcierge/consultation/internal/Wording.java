package com.careerconcierge.consultation.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
			"episodeThanks", "episodeSkipped", "episodeHelp", "privacyNotice", "rolesQuestion", "roleChosen",
			"fitIntro", "fitRecommendation", "fitCaution", "fitNone", "planIntro", "planEpisode", "planNoEpisode",
			"planMotive", "planSearch", "planConcerns", "planNext", "planHint", "completed", "completedHint", "help",
			"resetDone", "unsupportedContent", "textTooLong", "textRefused", "privateChatOnly", "commandStart",
			"commandReset", "commandHelp", "commandAgent", "commandForget", "forgetConfirm", "forgetDone",
			"forgetCancelled", "notUnderstood", "askBack", "choosingOther", "offerAgent", "staleChoice",
			"agentRequested", "agentQueued", "agentQueueUpdate", "agentEstimate", "agentNoEstimate", "agentOutOfHours",
			"agentNoneOnline", "agentNoted", "agentJoined", "agentReleased", "agentFollowUp", "agentWaiting",
			"agentCancelled", "ratingQuestion", "ratingThanks", "ratingCommentNoted", "didYouMean", "rolesUndecided",
			"bookingDays", "bookingNoDays", "bookingTimes", "bookingNoLaterTimes", "bookingDayFull", "bookingConfirm",
			"bookingTaken", "bookingDone", "bookingCurrent", "bookingCancelQuestion", "bookingCancelled", "bookingKept",
			"bookingLater", "bookingNone", "bookingReminderDayBefore", "bookingReminderHourBefore", "bookingNoShow",
			"bookingOfferedByAgent", "bookingContactWhy", "bookingContactAsk", "bookingContactInvalid",
			"bookingModeOnline", "bookingModePhone", "bookingModeOffice");

	/** Commands the code uses; the script must define each. */
	static final List<String> COMMANDS = List.of("begin", "next", "skip", "agent", "cancelAgent", "reset", "help",
			"forget", "forgetConfirm", "forgetCancel", "yes", "no", "accept", "otherRole", "showPlan", "finish",
			"chooseOther", "book", "myBooking", "bookingChange", "bookingCancel", "bookingCancelConfirm", "bookingKeep",
			"bookingConfirm", "bookingOtherDay", "bookingLaterTimes", "bookingConsent", "bookingQuit");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

	/** The role that stands for "not decided yet". */
	static final String UNSURE = "unsure";

	private final Script script;

	private final String agencyName;

	private final long retentionDays;

	private final Map<Postback, Script.Option> options = new HashMap<>();

	public Wording(Script script, String agencyName, java.time.Duration retention) {
		this.script = script;
		this.agencyName = agencyName;
		this.retentionDays = retention.toDays();
		this.options.putAll(optionsOf(script));
	}

	/**
	 * Every button of a script with its option.
	 * @param script the script
	 * @return options by postback, in the script's order
	 */
	static Map<Postback, Script.Option> optionsOf(Script script) {
		Map<Postback, Script.Option> options = new LinkedHashMap<>();
		script.commands().forEach((key, option) -> options.put(Postback.command(key), option));
		script.concerns().forEach((option) -> options.put(new Postback(Kind.CONCERN, option.id()), option));
		script.strengths().forEach((option) -> options.put(new Postback(Kind.STRENGTH, option.id()), option));
		script.roles().forEach((option) -> options.put(new Postback(Kind.ROLE, option.id()), option));
		script.rating().forEach((option) -> options.put(new Postback(Kind.RATING, option.id()), option));
		return options;
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
		if (postback.kind() == Kind.DAY) {
			return new Choice(day(postback.value()), postback.payload());
		}
		if (postback.kind() == Kind.TIME) {
			return new Choice(clock(postback.value()), postback.payload());
		}
		return new Choice(this.options.get(postback).label(), postback.payload());
	}

	/**
	 * A day as users read it.
	 * @param day yyyyMMdd
	 * @return e.g. 12月3日(木)
	 */
	static String day(String day) {
		return DAY.format(LocalDate.parse(day, DAY_VALUE));
	}

	/**
	 * A meeting's time as users read it.
	 * @param start when it starts
	 * @param minutes how long it is
	 * @return e.g. 12月3日(木) 14:00〜14:30
	 */
	static String when(LocalDateTime start, long minutes) {
		return DAY.format(start) + " " + CLOCK.format(start) + "〜" + CLOCK.format(start.plusMinutes(minutes));
	}

	private static String clock(String time) {
		return CLOCK.format(LocalDateTime.parse(time, TIME_VALUE));
	}

	/** yyyyMMdd, the value of a day's button. */
	static final DateTimeFormatter DAY_VALUE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

	/** yyyyMMddHHmm, the value of a time's button. */
	static final DateTimeFormatter TIME_VALUE = DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日(E)", Locale.JAPANESE);

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm", Locale.ROOT);

	/**
	 * How a pressed button reads in a transcript.
	 * @param payload the button's payload
	 * @return its label, or the payload itself if the script has no such button
	 */
	public String label(String payload) {
		Optional<Postback> postback = Postback.parse(payload);
		try {
			if (postback.isPresent() && postback.get().kind() == Kind.DAY) {
				return day(postback.get().value());
			}
			if (postback.isPresent() && postback.get().kind() == Kind.TIME) {
				LocalDateTime time = LocalDateTime.parse(postback.get().value(), TIME_VALUE);
				return DAY.format(time) + " " + CLOCK.format(time);
			}
		}
		catch (java.time.format.DateTimeParseException ex) {
			return payload;
		}
		return postback.map(this.options::get).map(Script.Option::label).orElse(payload);
	}

	/**
	 * A template with the user's answers filled in; the role may be one not chosen yet
	 * (the fit check's recommendation). Every placeholder is replaced in one pass, so
	 * braces in what the user typed stay as they are.
	 * @param template a text with placeholders
	 * @param session whose answers
	 * @param roleId the role to speak of
	 * @return the text
	 */
	public String fill(String template, Session session, String roleId) {
		Optional<Script.Option> role = Optional.ofNullable(roleId).flatMap(this.script::role);
		Optional<Script.Option> strength = session.strengths().stream().findFirst().flatMap(this.script::strength);
		Map<String, String> values = new HashMap<>();
		values.put("agency", this.agencyName);
		values.put("retention", String.valueOf(this.retentionDays));
		values.put("name", (session.name() != null && !session.name().isBlank()) ? session.name() + "さん" : "あなた");
		values.put("role", role.map(Script.Option::label).orElse(""));
		values.put("keywords", String.join("・",
				role.map(Script.Option::keywords).orElse(List.of()).stream().map(Wording::quote).toList()));
		String tip = role.map(Script.Option::tip).orElse("");
		values.put("roleTip", tip.isEmpty() ? "" : "\n" + tip);
		values.put("strengths",
				list(session.strengths()
					.stream()
					.map((id) -> this.script.strength(id).map(Script.Option::label).orElse(id))
					.map(Wording::quote)
					.toList()));
		values.put("strength", strength.map(Script.Option::plan).orElse(""));
		values.put("motive", substitute(role.map(Script.Option::motive).orElse(""), values));
		values.put("episode", (session.episode() != null) ? session.episode() : "");
		values.put("concerns", concernLines(session));
		return substitute(template, values).strip();
	}

	/** Replaces the placeholders of a template in one pass; unknown ones stay. */
	private static String substitute(String template, Map<String, String> values) {
		Matcher placeholder = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (placeholder.find()) {
			String value = values.getOrDefault(placeholder.group(1), placeholder.group());
			placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		placeholder.appendTail(out);
		return out.toString();
	}

	/** One line per worry, in the user's own words where they typed them. */
	private String concernLines(Session session) {
		return String.join("\n", session.concerns().stream().map((id) -> {
			Script.Option concern = this.script.concern(id).orElseThrow();
			String words = session.concernWords(id);
			return "・" + ((words != null) ? quote(words) : concern.topic()) + "について：" + concern.plan();
		}).toList());
	}

	/** 「A」, 「A」と「B」, 「A」、「B」と「C」: items that may hold a ・ of their own. */
	static String list(List<String> items) {
		if (items.size() <= 1) {
			return String.join("", items);
		}
		return String.join("、", items.subList(0, items.size() - 1)) + "と" + items.get(items.size() - 1);
	}

	private static String quote(String text) {
		return "「" + text + "」";
	}

}
