package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.JapaneseText.Heard;

/**
 * Matching and dispatch: turns what the user typed or pressed into a {@link Postback} and
 * hands it to the room of the session's stage ({@link StageDialogue}), to the commands
 * that work everywhere, or to the {@code /forget} confirmation. Every input becomes a
 * postback first: a pressed button is one, and typed text is matched to the buttons on
 * offer (their labels and synonyms) and to the global commands, so typing a button's
 * label works exactly like pressing it, and a button that is not on offer any more
 * (pressed in an old message) changes nothing.
 */
final class Dialogue {

	private static final Map<String, String> SLASH_COMMANDS = Map.of("/start", "start", "/reset", "reset", "/help",
			"help", "/forget", "forget", "/agent", "agent");

	/** A yes or no taken back is its opposite. */
	private static final Map<Postback, Postback> OPPOSITES = Map.of(Postback.command("yes"), Postback.command("no"),
			Postback.command("no"), Postback.command("yes"));

	/** The answers to 「『経理』のことですか？」. */
	static final Postback YES = Postback.command("yes");

	static final Postback CHOOSE_OTHER = Postback.command("chooseOther");

	/**
	 * How much of a message an example must cover for the bot to act on it without
	 * asking, and by how much it must beat the next choice.
	 */
	static final double ACT = 0.6;

	static final double MARGIN = 0.15;

	/** How much it must cover for the bot to ask back about it. */
	static final double ASK = 0.3;

	private final Map<Stage, StageDialogue> rooms = new EnumMap<>(Stage.class);

	private final GlobalCommands commands;

	private final ForgetConfirmation forget;

	private final HandoffStages handoff;

	private final Vocabulary vocabulary;

	private final Wording wording;

	Dialogue(List<StageDialogue> rooms, GlobalCommands commands, ForgetConfirmation forget, HandoffStages handoff,
			Vocabulary vocabulary, Wording wording) {
		rooms.forEach((room) -> room.stages().forEach((stage) -> this.rooms.put(stage, room)));
		for (Stage stage : Stage.values()) {
			if (!this.rooms.containsKey(stage)) {
				throw new IllegalStateException("No dialogue for the stage " + stage);
			}
		}
		this.commands = commands;
		this.forget = forget;
		this.handoff = handoff;
		this.vocabulary = vocabulary;
		this.wording = wording;
	}

	/**
	 * Answers one message.
	 * @param turn the turn, with the session to change in place
	 * @param text typed text, or null
	 * @param payload pressed button, or null
	 * @return the outcome
	 */
	Outcome respond(Turn turn, String text, String payload) {
		Session session = turn.session();
		if (session.stage() == Stage.WITH_AGENT && !session.confirmingForget()
				&& !(text != null && text.strip().toLowerCase(Locale.ROOT).startsWith("/forget"))) {
			return this.handoff.relay(turn, (text != null) ? text : "[" + this.wording.label(payload) + "]");
		}
		if (payload != null) {
			Optional<Postback> postback = Postback.parse(payload).filter((pressed) -> takes(session, pressed));
			if (postback.isEmpty()) {
				return Outcome.unchanged(List.of(turn.withChoices(this.wording.message("staleChoice"))));
			}
			return act(turn, postback.get(), List.of());
		}
		String trimmed = text.strip();
		turn.typed(trimmed);
		String slash = SLASH_COMMANDS.get(trimmed.toLowerCase(Locale.ROOT).split("[\\s@]", 2)[0]);
		if (slash != null) {
			return slash.equals("start") ? this.commands.start(turn) : act(turn, Postback.command(slash), List.of());
		}
		return typed(turn, trimmed, JapaneseText.hear(trimmed));
	}

	private Outcome typed(Turn turn, String text, Heard heard) {
		TextMatcher<Postback> matcher = this.vocabulary.matcher(); // one set for the
																	// whole message
		Session session = turn.session();
		List<Postback> understood = understood(session);
		Postback exact = matcher.exactLabel(heard.surface(), understood);
		if (exact == null) {
			exact = matcher.exactLabel(heard.surface(), GlobalCommands.ALL);
		}
		if (exact != null) {
			return act(turn, exact, List.of());
		}
		if (session.confirmingForget()) {
			List<Postback> answer = matcher.mentioned(heard, ForgetConfirmation.CHOICES);
			return act(turn, answer.isEmpty() ? ForgetConfirmation.CANCEL : answer.get(0), List.of());
		}
		StageDialogue room = room(session);
		Optional<Outcome> captured = room.capture(turn, text, heard);
		if (captured.isPresent()) {
			return captured.get();
		}
		List<Postback> global = matcher.mentioned(heard, GlobalCommands.ALL);
		if (!global.isEmpty()) {
			return act(turn, global.get(0), List.of());
		}
		TextMatcher.Mentions<Postback> mentions = matcher.mentions(heard, understood);
		List<Postback> mentioned = mentions.chosen();
		if (mentioned.isEmpty() && mentions.negated().size() == 1 && OPPOSITES.containsKey(mentions.negated().get(0))) {
			// 「得意ではない」 answers no, 「嫌いじゃない」 yes
			return act(turn, OPPOSITES.get(mentions.negated().get(0)), List.of());
		}
		if (mentioned.isEmpty()) {
			boolean takenBack = !mentions.negated().isEmpty();
			return room.unmatched(turn, text)
				.orElseGet(() -> misunderstood(turn, heard, understood, matcher, takenBack));
		}
		// Several concerns or strengths may be named in one message; a named option beats
		// a command word that happens to appear beside it.
		List<Postback> picks = mentioned.stream()
			.filter((postback) -> postback.kind() != Postback.Kind.COMMAND)
			.toList();
		if (picks.isEmpty()) {
			return act(turn, mentioned.get(0), List.of());
		}
		return act(turn, picks.get(0), picks.subList(1, picks.size()));
	}

	private Outcome act(Turn turn, Postback postback, List<Postback> more) {
		Session session = turn.session();
		session.understood();
		if (session.confirmingForget()) {
			if (this.forget.answers(postback)) {
				return this.forget.act(turn, postback);
			}
			session.forgetAnswered(); // anything else keeps the data and goes on
		}
		String asked = session.askedBack();
		if (asked != null) {
			session.askedBackAnswered(); // anything else goes on as if not asked
			if (postback.equals(YES)) {
				return act(turn, Postback.parse(asked).orElseThrow(), List.of());
			}
			if (postback.equals(CHOOSE_OTHER)) {
				return Outcome.say(Reply.of(this.wording.message("choosingOther")), turn.prompt());
			}
		}
		if (GlobalCommands.ALL.contains(postback)) {
			return this.commands.act(turn, postback);
		}
		return room(session).act(turn, postback, more);
	}

	/**
	 * A miss: a choice that reads like what was typed is suggested (「『経理』のことですか？」, its
	 * button first); after two misses in a row, a person is offered.
	 */
	private Outcome misunderstood(Turn turn, Heard heard, List<Postback> understood, TextMatcher<Postback> matcher,
			boolean takenBack) {
		// a question back that was not answered ends here: what follows offers the
		// stage's own buttons again
		turn.session().askedBackAnswered();
		List<Postback> options = understood.stream().filter(Dialogue::hasExamples).toList();
		Optional<Examples.Scored<Postback>> example = (takenBack || options.isEmpty()) ? Optional.empty()
				: this.vocabulary.examples().best(heard.terms(), options);
		if (example.isPresent()) {
			Examples.Scored<Postback> scored = example.get();
			if (scored.confidence() >= ACT && scored.confidence() - scored.runnerUp() >= MARGIN) {
				return act(turn, scored.key(), List.of());
			}
			if (scored.confidence() >= ASK) {
				turn.missed(understood, scored.key());
				turn.session().askBack(scored.key().payload());
				return Outcome.say(askBack(turn.session()));
			}
		}
		Optional<Postback> suggestion = matcher.closest(heard, understood);
		turn.missed(understood, suggestion.orElse(null));
		if (turn.session().misunderstood() >= 2) {
			return Outcome.say(new Reply(this.wording.message("offerAgent"), turn.choicesAgentFirst()));
		}
		if (suggestion.isPresent()) {
			Choice suggested = this.wording.choice(suggestion.get());
			List<Choice> choices = new ArrayList<>();
			choices.add(suggested);
			turn.choices().stream().filter((choice) -> !choice.equals(suggested)).forEach(choices::add);
			return Outcome
				.say(new Reply(this.wording.message("didYouMean").replace("{choice}", suggested.label()), choices));
		}
		return Outcome.say(Reply.of(this.wording.message("notUnderstood")), turn.reprompt());
	}

	/** The question 「『経理』のことでしょうか？」 with はい / ほかを選ぶ. */
	private Reply askBack(Session session) {
		String label = this.wording.label(session.askedBack());
		return new Reply(this.wording.message("askBack").replace("{choice}", label),
				this.wording.choices(offered(session)));
	}

	/** The choices that examples may find: worries, strengths and roles. */
	private static boolean hasExamples(Postback postback) {
		return postback.kind() == Postback.Kind.CONCERN || postback.kind() == Postback.Kind.STRENGTH
				|| postback.kind() == Postback.Kind.ROLE;
	}

	/**
	 * Whether a pressed button may act now: on offer, global, answering /forget, or,
	 * while the bot asks back, one of the stage's own (still shown in the messages
	 * before).
	 */
	private boolean takes(Session session, Postback postback) {
		return GlobalCommands.ALL.contains(postback) || offered(session).contains(postback)
				|| (session.confirmingForget() && this.forget.answers(postback)) || (session.askedBack() != null
						&& !session.confirmingForget() && room(session).offered(session).contains(postback));
	}

	/**
	 * What the session's stage asks; while {@code /forget} waits for its answer, that
	 * question comes first, so no message shows buttons that belong to another.
	 */
	List<Reply> prompt(Session session) {
		if (session.confirmingForget()) {
			return List.of(this.forget.question());
		}
		return (session.askedBack() != null) ? List.of(askBack(session))
				: room(session).prompt(session, choices(session));
	}

	List<Reply> reprompt(Session session) {
		if (session.confirmingForget()) {
			return List.of(this.forget.question());
		}
		return (session.askedBack() != null) ? List.of(askBack(session))
				: room(session).reprompt(session, choices(session));
	}

	/**
	 * The buttons on offer at the session's stage and step.
	 * @param session the session
	 * @return the buttons
	 */
	List<Choice> choices(Session session) {
		return this.wording.choices(offered(session));
	}

	/**
	 * The buttons on offer, a person first: when the bot cannot help, talking to one is
	 * the way on.
	 * @param session the session
	 * @return the buttons
	 */
	List<Choice> choicesAgentFirst(Session session) {
		List<Postback> ordered = new ArrayList<>();
		ordered.add(GlobalCommands.AGENT);
		offered(session).stream().filter((postback) -> !postback.equals(GlobalCommands.AGENT)).forEach(ordered::add);
		return this.wording.choices(ordered);
	}

	private List<Postback> offered(Session session) {
		if (session.confirmingForget()) {
			return ForgetConfirmation.CHOICES;
		}
		if (session.askedBack() != null) {
			return withAgent(session, List.of(YES, CHOOSE_OTHER));
		}
		return withAgent(session, room(session).offered(session));
	}

	/**
	 * What typed text may select now; asked back, the answers come first, and naming
	 * another choice works too.
	 */
	private List<Postback> understood(Session session) {
		if (session.confirmingForget()) {
			return ForgetConfirmation.CHOICES;
		}
		List<Postback> room = room(session).understood(session);
		if (session.askedBack() != null) {
			List<Postback> all = new ArrayList<>(List.of(YES, CHOOSE_OTHER));
			room.stream().filter((postback) -> !all.contains(postback)).forEach(all::add);
			return withAgent(session, all);
		}
		return withAgent(session, room);
	}

	/** In the bot's own consultation, a person is always one button away. */
	private static List<Postback> withAgent(Session session, List<Postback> offered) {
		if (!session.stage().isConsultation()) {
			return offered;
		}
		if (offered.contains(GlobalCommands.AGENT)) {
			return offered;
		}
		List<Postback> all = new ArrayList<>(offered);
		all.add(GlobalCommands.AGENT);
		return all;
	}

	private StageDialogue room(Session session) {
		return this.rooms.get(session.stage());
	}

	HandoffStages handoff() {
		return this.handoff;
	}

	BookingStage booking() {
		return (BookingStage) this.rooms.get(Stage.BOOKING);
	}

	GlobalCommands commands() {
		return this.commands;
	}

}
