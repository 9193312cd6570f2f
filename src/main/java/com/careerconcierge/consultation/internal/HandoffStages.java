package com.careerconcierge.consultation.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.ConversationStateException;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.Postback.Kind;

/**
 * The conversation in a person's hands: waiting in the queue (what the user writes goes
 * to the agents; they may go back to the bot), with an agent (the bot is silent, every
 * word goes to the agent), and the rating after an agent closed it. Also what happens
 * when an agent joins, hands back or closes.
 */
final class HandoffStages implements StageDialogue {

	private static final Postback CANCEL = Postback.command("cancelAgent");

	private final Wording wording;

	private final ConsultationMachine machine;

	HandoffStages(Wording wording, ConsultationMachine machine) {
		this.wording = wording;
		this.machine = machine;
	}

	@Override
	public Set<Stage> stages() {
		return Set.of(Stage.WAITING_FOR_AGENT, Stage.WITH_AGENT, Stage.RATING);
	}

	@Override
	public List<Reply> prompt(Session session, List<Choice> choices) {
		return switch (session.stage()) {
			case WAITING_FOR_AGENT -> List.of(new Reply(this.wording.message("agentWaiting"), choices));
			case RATING -> List.of(new Reply(this.wording.message("ratingQuestion"), choices));
			default -> List.of();
		};
	}

	@Override
	public List<Postback> offered(Session session) {
		return switch (session.stage()) {
			case WAITING_FOR_AGENT -> List.of(CANCEL);
			case RATING -> this.wording.script()
				.rating()
				.stream()
				.map((option) -> new Postback(Kind.RATING, option.id()))
				.toList();
			default -> List.of();
		};
	}

	@Override
	public Outcome act(Turn turn, Postback postback, List<Postback> more) {
		Session session = turn.session();
		if (postback.equals(CANCEL)) {
			this.machine.fire(session, ConsultationEvent.AGENT_CANCELLED);
			turn.desk().cancelled();
			return Outcome.say(Reply.of(this.wording.message("agentCancelled")), turn.prompt());
		}
		int rating = Integer.parseInt(postback.value());
		String typed = turn.words();
		session.rate(rating, (typed != null && !typed.equals(postback.value())) ? typed : null);
		turn.desk().rated(rating, session.ratingComment());
		this.machine.fire(session, ConsultationEvent.RATED);
		return Outcome.say(Reply.of(this.wording.message("ratingThanks")), turn.prompt());
	}

	/**
	 * What the user writes while waiting goes to the agents, and the bot says so; words
	 * without a number, when a rating is asked for, are kept as its comment.
	 */
	@Override
	public Optional<Outcome> unmatched(Turn turn, String text) {
		if (turn.session().stage() == Stage.RATING) {
			turn.session().commentOnRating(text);
			return Optional.of(Outcome.say(turn.withChoices(this.wording.message("ratingCommentNoted"))));
		}
		if (turn.session().stage() != Stage.WAITING_FOR_AGENT) {
			return Optional.empty();
		}
		turn.desk().userWrote(text);
		return Optional.of(Outcome.say(turn.withChoices(this.wording.message("agentNoted"))));
	}

	/**
	 * While an agent holds the conversation the bot says nothing: the user's words go to
	 * the agent.
	 * @param turn the turn
	 * @param words what the user wrote, or the label of what they pressed
	 * @return nothing said, the user's words kept in the transcript
	 */
	Outcome relay(Turn turn, String words) {
		turn.desk().userWrote(words);
		return Outcome.silent();
	}

	/**
	 * An agent took the conversation (it must be waiting for one).
	 * @param session the session
	 * @param agent the agent's name
	 * @return what the user is told
	 */
	Outcome joined(Session session, String agent) {
		require(session, Stage.WAITING_FOR_AGENT);
		this.machine.fire(session, ConsultationEvent.AGENT_CLAIMED);
		return Outcome.say(Reply.of(this.wording.message("agentJoined").replace("{agent}", agent)));
	}

	/**
	 * An agent's words to the user (an agent must hold the conversation).
	 * @param session the session
	 * @param agent the agent's name
	 * @param text what they wrote
	 * @return the agent's message
	 */
	Outcome agentSaid(Session session, String agent, String text) {
		require(session, Stage.WITH_AGENT);
		return Outcome.fromAgent(agent, Reply.of(text));
	}

	/**
	 * The agent handed the conversation back: it resumes where the user was.
	 * @param turn the turn
	 * @return what the user is told, ending with the resumed question
	 */
	Outcome released(Turn turn) {
		Session session = turn.session();
		requireHandoff(session);
		this.machine.fire(session, ConsultationEvent.RELEASED);
		session.understood();
		return Outcome.say(Reply.of(this.wording.message("agentReleased")), turn.reprompt());
	}

	/**
	 * The agent ended the conversation: the bot asks for a rating.
	 * @param turn the turn
	 * @return the rating question
	 */
	Outcome closed(Turn turn) {
		requireHandoff(turn.session());
		turn.session().askForRating();
		this.machine.fire(turn.session(), ConsultationEvent.CLOSED);
		return Outcome.say(turn.prompt());
	}

	/**
	 * What the bot learned, for the agent who takes over.
	 * @param session the session
	 * @return labels rather than ids
	 */
	Summary summary(Session session) {
		Script script = this.wording.script();
		return new Summary(session.name(), session.consultationStage(),
				session.concerns()
					.stream()
					.map((id) -> script.concern(id).map(Script.Option::label).orElse(id))
					.toList(),
				session.strengths()
					.stream()
					.map((id) -> script.strength(id).map(Script.Option::label).orElse(id))
					.toList(),
				session.episode(), (session.role() != null)
						? script.role(session.role()).map(Script.Option::label).orElse(session.role()) : null);
	}

	private static void requireHandoff(Session session) {
		if (session.stage() != Stage.WAITING_FOR_AGENT) {
			require(session, Stage.WITH_AGENT);
		}
	}

	private static void require(Session session, Stage stage) {
		if (session.stage() != stage) {
			throw new ConversationStateException("The conversation is " + session.stage() + ", not " + stage);
		}
	}

}
