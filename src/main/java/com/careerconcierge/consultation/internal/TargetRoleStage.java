package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.Postback.Kind;
import com.careerconcierge.consultation.internal.Session.Step;

/**
 * The target role: chosen directly, or through the fit check's yes/no questions, whose
 * recommendation the user accepts or changes.
 */
final class TargetRoleStage implements StageDialogue {

	private static final Postback YES = Postback.command("yes");

	private static final Postback NO = Postback.command("no");

	private static final Postback ACCEPT = Postback.command("accept");

	private static final Postback OTHER_ROLE = Postback.command("otherRole");

	private final Wording wording;

	private final ConsultationMachine machine;

	TargetRoleStage(Wording wording, ConsultationMachine machine) {
		this.wording = wording;
		this.machine = machine;
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.TARGET_ROLE);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		String text;
		if (session.at(Step.FIT)) {
			text = this.wording.script().fitCheck().get(session.fitAnswers().size()).text();
		}
		else if (session.at(Step.RECOMMEND)) {
			text = this.wording.fill(this.wording.message("fitRecommendation"), session, session.recommended());
		}
		else {
			text = this.wording.message("rolesQuestion");
		}
		return List.of(new Reply(text, choices));
	}

	@Override
	public List<Postback> offered(Session session) {
		if (session.at(Step.FIT)) {
			return List.of(YES, NO);
		}
		if (session.at(Step.RECOMMEND)) {
			return List.of(ACCEPT, OTHER_ROLE);
		}
		return this.wording.script().roles().stream().map((role) -> new Postback(Kind.ROLE, role.id())).toList();
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		Session session = turn.session();
		if (postback.kind() == Kind.ROLE) {
			List<Postback> roles = new ArrayList<>();
			roles.add(postback);
			more.stream().filter((other) -> other.kind() == Kind.ROLE).forEach(roles::add);
			if (roles.size() > 1) {
				return undecided(turn, roles);
			}
			if (postback.value().equals(Wording.UNSURE)) {
				session.startFitCheck();
				return Outcome.say(Reply.of(this.wording.message("fitIntro")), turn.prompt());
			}
			return choose(turn, postback.value());
		}
		if (postback.equals(YES) || postback.equals(NO)) {
			if (session.answerFit(postback.equals(YES)) < this.wording.script().fitCheck().size()) {
				return Outcome.say(turn.prompt());
			}
			long yes = session.fitAnswers().stream().filter(Boolean::booleanValue).count();
			if (yes == 0) {
				// No role follows from four noes: talking it over with an advisor comes
				// first.
				session.chooseOtherRole();
				return Outcome.say(new Reply(this.wording.message("fitNone"), turn.choicesAgentFirst()));
			}
			session.recommend(recommend(session.fitAnswers()));
			List<Reply> replies = new ArrayList<>();
			if (yes == 1) {
				replies.add(Reply.of(this.wording.message("fitCaution")));
			}
			replies.addAll(turn.prompt());
			return Outcome.say(replies);
		}
		if (postback.equals(ACCEPT)) {
			return choose(turn, session.recommended());
		}
		session.chooseOtherRole();
		return Outcome.say(turn.prompt());
	}

	/**
	 * Several roles named, or one with a word of doubt (「経理か人事で迷っています」): the user picks
	 * one of them, or the fit check.
	 */
	private Outcome undecided(Turn turn, List<Postback> named) {
		Postback unsure = new Postback(Kind.ROLE, Wording.UNSURE);
		List<Postback> choices = new ArrayList<>(named.stream().filter((role) -> !role.equals(unsure)).toList());
		List<String> labels = choices.stream().map((role) -> "「" + this.wording.choice(role).label() + "」").toList();
		choices.add(unsure);
		choices.add(GlobalCommands.AGENT);
		String text = this.wording.message("rolesUndecided").replace("{roles}", String.join("か", labels));
		return Outcome.say(new Reply(text, this.wording.choices(choices)));
	}

	private Outcome choose(Turn turn, String role) {
		Session session = turn.session();
		session.chooseRole(role);
		this.machine.fire(session, ConsultationEvent.CONTINUE);
		String description = this.wording.message("roleChosen") + "\n"
				+ this.wording.script().role(role).orElseThrow().reply();
		return Outcome.say(Reply.of(this.wording.fill(description, session, role)), turn.prompt());
	}

	/**
	 * The role with the most points for the answers: every role starts with its base
	 * points, each "yes" adds its question's weights; ties go to the role listed first.
	 */
	String recommend(List<Boolean> answers) {
		Script script = this.wording.script();
		Map<String, Integer> points = new LinkedHashMap<>();
		script.roles()
			.stream()
			.filter((role) -> !role.id().equals(Wording.UNSURE))
			.forEach((role) -> points.put(role.id(),
					(script.fitBase() != null) ? script.fitBase().getOrDefault(role.id(), 0) : 0));
		for (int i = 0; i < answers.size(); i++) {
			if (answers.get(i)) {
				script.fitCheck().get(i).weights().forEach((role, weight) -> points.merge(role, weight, Integer::sum));
			}
		}
		List<String> order = script.roles().stream().map(Script.Option::id).toList();
		return points.entrySet()
			.stream()
			.max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)
				.thenComparing((entry) -> -order.indexOf(entry.getKey())))
			.orElseThrow()
			.getKey();
	}

}
