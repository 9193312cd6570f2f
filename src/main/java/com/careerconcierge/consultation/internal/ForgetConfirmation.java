package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * The step between {@code /forget} and deleting everything: only "delete" and "keep" are
 * on offer; "delete" erases the user's data (their handoffs too), anything else keeps it
 * and goes on where the user was.
 */
final class ForgetConfirmation {

	static final Postback CONFIRM = Postback.command("forgetConfirm");

	static final Postback CANCEL = Postback.command("forgetCancel");

	static final List<Postback> CHOICES = List.of(CONFIRM, CANCEL);

	private final Wording wording;

	ForgetConfirmation(Wording wording) {
		this.wording = wording;
	}

	/** The question, with its two buttons. */
	Reply question() {
		return new Reply(this.wording.message("forgetConfirm"), this.wording.choices(CHOICES));
	}

	boolean answers(Postback postback) {
		return CHOICES.contains(postback);
	}

	Outcome act(Turn turn, Postback answer) {
		Session session = turn.session();
		session.forgetAnswered();
		if (answer.equals(CANCEL)) {
			return Outcome.say(Reply.of(this.wording.message("forgetCancelled")), turn.reprompt());
		}
		if (session.stage() == Stage.WAITING_FOR_AGENT || session.stage() == Stage.WITH_AGENT) {
			turn.desk().cancelled();
		}
		return Outcome.erase(List.of(Reply.of(this.wording.message("forgetDone"))));
	}

}
