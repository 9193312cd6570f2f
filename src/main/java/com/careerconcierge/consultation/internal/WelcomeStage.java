package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * The greeting: what the consultation is about, and the button that begins it. A user who
 * starts by typing their worry has begun: the worry is recorded as the first concern.
 */
final class WelcomeStage implements StageDialogue {

	private static final Postback BEGIN = Postback.command("begin");

	private final Wording wording;

	private final ConsultationMachine machine;

	private final ProfileStages concerns;

	WelcomeStage(Wording wording, ConsultationMachine machine, ProfileStages concerns) {
		this.wording = wording;
		this.machine = machine;
		this.concerns = concerns;
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.WELCOME);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		return List.of(new Reply(this.wording.say("welcome", session), choices));
	}

	@Override
	public List<Postback> offered(Session session) {
		return List.of(BEGIN);
	}

	/** A worry typed at the greeting is understood too. */
	@Override
	public List<Postback> understood(Session session) {
		List<Postback> understood = new ArrayList<>(offered(session));
		this.wording.script()
			.concerns()
			.forEach((concern) -> understood.add(new Postback(Postback.Kind.CONCERN, concern.id())));
		return understood;
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		this.machine.fire(turn.session(), ConsultationEvent.BEGIN);
		if (postback.kind() == Postback.Kind.CONCERN) {
			return this.concerns.act(turn, postback, more);
		}
		return Outcome.say(turn.prompt());
	}

}
