package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.Postback.Kind;
import com.careerconcierge.consultation.internal.Session.Step;

/**
 * Concerns and strengths: the user picks as many as apply (several may be named in one
 * message), moves on once at least one is picked, and after the strengths tells one
 * episode in their own words, or leaves it for later.
 */
final class ProfileStages implements StageDialogue {

	private static final Postback NEXT = Postback.command("next");

	private static final Postback SKIP = Postback.command("skip");

	private static final Postback AGENT = Postback.command("agent");

	/** Shorter than this is not an episode yet. */
	private static final int MIN_EPISODE = 6;

	/** A refusal ("nothing comes to mind") is a short message. */
	private static final int MAX_REFUSAL = 20;

	/** A message this short that names a role answers the next question, not this one. */
	private static final int MAX_MISPLACED = 10;

	/** After this many answers that are not an episode, the episode is left for later. */
	private static final int MAX_EPISODE_HELP = 2;

	private final Wording wording;

	private final ConsultationMachine machine;

	private final Vocabulary vocabulary;

	/** The roles: a short message naming one is not an episode. */
	private final List<Postback> roles;

	ProfileStages(Wording wording, ConsultationMachine machine, Vocabulary vocabulary) {
		this.wording = wording;
		this.machine = machine;
		this.vocabulary = vocabulary;
		this.roles = wording.options().keySet().stream().filter((postback) -> postback.kind() == Kind.ROLE).toList();
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.CONCERNS, Stage.STRENGTHS);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		String key;
		if (session.stage() == Stage.CONCERNS) {
			key = session.concerns().isEmpty() ? "concernsQuestion" : "concernsMore";
		}
		else if (session.at(Step.EPISODE)) {
			key = "episodeQuestion";
		}
		else {
			key = session.strengths().isEmpty() ? "strengthsQuestion" : "strengthsMore";
		}
		return List.of(new Reply(this.wording.say(key, session), choices));
	}

	@Override
	public List<Postback> offered(Session session) {
		if (session.at(Step.EPISODE)) {
			return List.of(SKIP);
		}
		boolean concerns = session.stage() == Stage.CONCERNS;
		List<String> chosen = concerns ? session.concerns() : session.strengths();
		List<Postback> offered = new ArrayList<>();
		(concerns ? this.wording.script().concerns() : this.wording.script().strengths()).stream()
			.filter((option) -> !chosen.contains(option.id()))
			.forEach((option) -> offered.add(new Postback(concerns ? Kind.CONCERN : Kind.STRENGTH, option.id())));
		if (!chosen.isEmpty()) {
			offered.add(NEXT);
		}
		return offered;
	}

	/**
	 * "Next" is understood before its button appears, so that the user learns why they
	 * cannot move on yet.
	 */
	@Override
	public List<Postback> understood(Session session) {
		List<Postback> offered = offered(session);
		if (session.at(Step.EPISODE) || offered.contains(NEXT)) {
			return offered;
		}
		List<Postback> more = new ArrayList<>(offered);
		more.add(NEXT);
		return more;
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		Session session = turn.session();
		if (postback.equals(NEXT)) {
			return next(turn);
		}
		if (postback.equals(SKIP)) {
			session.skipEpisode();
			this.machine.fire(session, ConsultationEvent.CONTINUE);
			return Outcome.say(Reply.of(this.wording.message("episodeSkipped")), turn.prompt());
		}
		boolean concern = postback.kind() == Kind.CONCERN;
		List<Postback> picks = new ArrayList<>();
		picks.add(postback);
		picks.addAll(more);
		List<Reply> replies = new ArrayList<>();
		String words = ownWords(turn.words(), postback);
		for (Postback pick : picks) {
			boolean added = concern ? session.addConcern(pick.value(), words) : session.addStrength(pick.value());
			words = null; // one message is quoted once, with the first worry it names
			if (added) {
				replies.add(Reply.of(this.wording.option(pick).orElseThrow().reply()));
			}
		}
		replies.add(turn.withChoices(this.wording.message(concern ? "concernsMore" : "strengthsMore")));
		return Outcome.say(replies);
	}

	/** Typed words worth quoting back: not just the button's label typed out. */
	private String ownWords(String typed, Postback postback) {
		if (typed == null) {
			return null;
		}
		String label = this.wording.option(postback).map(Script.Option::label).orElse("");
		return TextMatcher.normalise(typed).equals(TextMatcher.normalise(label)) ? null : typed;
	}

	private Outcome next(Turn turn) {
		Session session = turn.session();
		if (session.stage() == Stage.CONCERNS) {
			if (!this.machine.fire(session, ConsultationEvent.CONTINUE)) {
				return Outcome.say(turn.withChoices(this.wording.message("concernsNeeded")));
			}
			return Outcome.say(turn.prompt());
		}
		if (session.strengths().isEmpty()) {
			return Outcome.say(turn.withChoices(this.wording.message("strengthsNeeded")));
		}
		session.askForEpisode();
		return Outcome.say(Reply.of(this.wording.say("privacyNotice", session)), turn.prompt());
	}

	/**
	 * While an episode is asked for, what the user types is the episode (unless they ask
	 * for a person).
	 */
	@Override
	public Optional<Outcome> capture(Turn turn, String text, JapaneseText.Heard heard) {
		Session session = turn.session();
		if (!session.at(Step.EPISODE) || !this.vocabulary.matcher().mentioned(heard, List.of(AGENT)).isEmpty()) {
			return Optional.empty();
		}
		int length = text.codePointCount(0, text.length());
		boolean refusal = length <= MAX_REFUSAL && !this.vocabulary.matcher().mentioned(heard, List.of(SKIP)).isEmpty();
		if (!refusal && !isEpisode(text, heard, length)) {
			if (session.misunderstood() <= MAX_EPISODE_HELP) {
				return Optional.of(Outcome.say(turn.withChoices(this.wording.message("episodeHelp"))));
			}
			refusal = true;
		}
		session.understood();
		if (refusal) {
			session.skipEpisode();
			this.machine.fire(session, ConsultationEvent.CONTINUE);
			return Optional.of(Outcome.say(Reply.of(this.wording.message("episodeSkipped")), turn.prompt()));
		}
		session.tellEpisode(text);
		this.machine.fire(session, ConsultationEvent.CONTINUE);
		return Optional.of(Outcome.say(Reply.of(this.wording.say("episodeThanks", session)), turn.prompt()));
	}

	/**
	 * Whether a message tells something that happened: not a few characters, not a
	 * question back, not just the name of a role (the answer to the next question). A
	 * strength's words are welcome: episodes tell of them.
	 */
	private boolean isEpisode(String text, JapaneseText.Heard heard, int length) {
		if (length < MIN_EPISODE || text.endsWith("?") || text.endsWith("？") || text.endsWith("か")) {
			return false;
		}
		return length > MAX_MISPLACED || this.vocabulary.matcher().mentioned(heard, this.roles).isEmpty();
	}

}
