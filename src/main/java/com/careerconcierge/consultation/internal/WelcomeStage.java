package com.careerconcierge.consultation.internal;

import java.util.List;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * The greeting: what the consultation is about, and the button that begins it.
 */
final class WelcomeStage implements StageDialogue {

	private static final Postback BEGIN = Postback.command("begin");

	private final Wording wording;

	private final ConsultationMachine machine;

	WelcomeStage(Wording wording, ConsultationMachine machine) {
		this.wording = wording;
		this.machine = machine;
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

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		this.machine.fire(turn.session(), ConsultationEvent.BEGIN);
		return Outcome.say(turn.prompt());
	}

}
