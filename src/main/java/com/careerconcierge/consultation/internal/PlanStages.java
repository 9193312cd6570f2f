package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * The personal action plan and the end of the consultation: the plan is built from the
 * user's answers (their strengths and episode, role, main concern), and can be shown
 * again once the consultation is over.
 */
final class PlanStages implements StageDialogue {

	private static final Postback FINISH = Postback.command("finish");

	private static final Postback SHOW_PLAN = Postback.command("showPlan");

	private static final Postback RESET = Postback.command("reset");

	private final Wording wording;

	private final ConsultationMachine machine;

	/** Booking a meeting with an advisor, or null where nothing books one. */
	private final BookingStage booking;

	PlanStages(Wording wording, ConsultationMachine machine, BookingStage booking) {
		this.wording = wording;
		this.machine = machine;
		this.booking = booking;
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.NEXT_STEPS, Stage.COMPLETED);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		if (session.stage() == Stage.NEXT_STEPS) {
			return plan(session, choices);
		}
		return List.of(new Reply(this.wording.message("completedHint"), choices));
	}

	/** The plan is not repeated in full after an interruption. */
	@Override
	public List<Reply> reprompt(Session session, List<Choice> choices) {
		if (session.stage() == Stage.NEXT_STEPS) {
			return List.of(new Reply(this.wording.message("planHint"), choices));
		}
		return prompt(session, choices);
	}

	@Override
	public List<Postback> offered(Session session) {
		List<Postback> offered = new ArrayList<>();
		if (this.booking != null) {
			offered.add((session.booked() != null) ? BookingStage.MY_BOOKING : BookingStage.BOOK);
		}
		if (session.stage() == Stage.NEXT_STEPS) {
			offered.addAll(List.of(GlobalCommands.AGENT, FINISH, RESET));
		}
		else {
			offered.addAll(List.of(SHOW_PLAN, RESET));
		}
		return offered;
	}

	/** 「予約を変更したい」 and 「予約をキャンセルしたい」 work here too. */
	@Override
	public List<Postback> understood(Session session) {
		List<Postback> understood = new ArrayList<>(offered(session));
		if (this.booking != null) {
			for (Postback more : List.of(BookingStage.MY_BOOKING, BookingStage.BOOK, BookingStage.CHANGE,
					BookingStage.CANCEL)) {
				if (!understood.contains(more)) {
					understood.add(more);
				}
			}
		}
		return understood;
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		if (this.booking != null && (postback.equals(BookingStage.BOOK) || postback.equals(BookingStage.MY_BOOKING)
				|| postback.equals(BookingStage.CHANGE) || postback.equals(BookingStage.CANCEL))) {
			return this.booking.open(turn, postback);
		}
		if (postback.equals(FINISH)) {
			this.machine.fire(turn.session(), ConsultationEvent.CONTINUE);
			return Outcome.say(turn.withChoices(this.wording.message("completed")));
		}
		return Outcome.say(plan(turn.session(), turn.choices()));
	}

	/**
	 * The plan, in four short messages: the strengths shown through the episode (or how
	 * to find one), the draft motive, where to look, and every worry the user named,
	 * ending with the next step.
	 */
	List<Reply> plan(Session session, List<Choice> choices) {
		String strengths = (session.episode() != null) ? "planEpisode" : "planNoEpisode";
		return List.of(Reply.of(say("planIntro", session) + "\n\n" + say(strengths, session)),
				Reply.of(say("planMotive", session)), Reply.of(say("planSearch", session)),
				new Reply(say("planConcerns", session) + "\n\n" + say("planNext", session), choices));
	}

	private String say(String key, Session session) {
		return this.wording.say(key, session);
	}

}
