package com.careerconcierge.consultation.internal;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.careerconcierge.consultation.AgentDesk.QueueTicket;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;

/**
 * What the user may ask for at any stage: a person, a fresh start, help, deleting their
 * data ({@code /forget}, confirmed in {@link ForgetConfirmation}), and {@code /start}.
 */
final class GlobalCommands {

	static final Postback AGENT = Postback.command("agent");

	static final Postback RESET = Postback.command("reset");

	static final Postback HELP = Postback.command("help");

	static final Postback FORGET = Postback.command("forget");

	/** Understood at every stage. */
	static final List<Postback> ALL = List.of(AGENT, RESET, HELP, FORGET);

	private static final DateTimeFormatter OPENS_AT = DateTimeFormatter.ofPattern("M月d日(E) H:mm", Locale.JAPANESE);

	private final Wording wording;

	private final ConsultationMachine machine;

	GlobalCommands(Wording wording, ConsultationMachine machine) {
		this.wording = wording;
		this.machine = machine;
	}

	Outcome act(Turn turn, Postback command) {
		Session session = turn.session();
		if (command.equals(AGENT)) {
			if (session.stage() == Stage.WAITING_FOR_AGENT || session.stage() == Stage.WITH_AGENT) {
				return Outcome.say(turn.prompt());
			}
			this.machine.fire(session, ConsultationEvent.AGENT_REQUESTED);
			return Outcome.say(turn.withChoices(queued(turn.desk().requested())));
		}
		if (command.equals(RESET)) {
			if (session.stage() == Stage.WITH_AGENT) {
				return Outcome.silent();
			}
			if (session.stage() == Stage.WAITING_FOR_AGENT) {
				turn.desk().cancelled();
			}
			session.startOver();
			if (session.stage() != Stage.WELCOME) {
				this.machine.fire(session, ConsultationEvent.RESET);
			}
			return Outcome.say(Reply.of(this.wording.message("resetDone")), turn.prompt());
		}
		if (command.equals(HELP)) {
			return Outcome.say(turn.withChoices(this.wording.message("help")));
		}
		session.askToConfirmForget();
		return Outcome.say(turn.prompt()); // the confirmation, while it waits
	}

	/**
	 * {@code /start}: the welcome, or where the user was, with a word of welcome back.
	 */
	Outcome start(Turn turn) {
		Stage stage = turn.session().stage();
		if (stage == Stage.WELCOME || stage == Stage.WITH_AGENT) {
			return Outcome.say(turn.prompt());
		}
		return Outcome.say(Reply.of(this.wording.message("welcomeBack")), turn.prompt());
	}

	private String queued(QueueTicket ticket) {
		String queue;
		if (ticket.opensAt() != null) {
			queue = this.wording.message("agentOutOfHours").replace("{opensAt}", OPENS_AT.format(ticket.opensAt()));
		}
		else if (!ticket.agentOnline()) {
			queue = this.wording.message("agentNoneOnline");
		}
		else {
			queue = this.wording.message("agentQueued")
				.replace("{estimate}", (ticket.minutes() != null)
						? this.wording.message("agentEstimate").replace("{minutes}", String.valueOf(ticket.minutes()))
						: "");
		}
		return this.wording.message("agentRequested")
			.replace("{queue}", queue.replace("{position}", String.valueOf(ticket.position())));
	}

	/**
	 * The slash commands and their descriptions, for menus such as Telegram's.
	 * @return command (without the slash) to description, in menu order
	 */
	Map<String, String> menu() {
		Map<String, String> menu = new LinkedHashMap<>();
		menu.put("start", this.wording.message("commandStart"));
		menu.put("reset", this.wording.message("commandReset"));
		menu.put("help", this.wording.message("commandHelp"));
		menu.put("agent", this.wording.message("commandAgent"));
		menu.put("forget", this.wording.message("commandForget"));
		return menu;
	}

}
