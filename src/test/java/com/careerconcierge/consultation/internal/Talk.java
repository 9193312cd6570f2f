package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;

import org.springframework.core.io.ClassPathResource;

/**
 * One user talking to the dialogue, in memory: the real script, the real state machine
 * (built without Spring), no Redis. What the user says, what the bot answers, and what
 * the agent desk was told.
 */
final class Talk {

	static final Script SCRIPT = ScriptLoader.load(new ClassPathResource("script/consultation.yml"));

	static final Wording WORDING = new Wording(SCRIPT, "テスト・キャリア", java.time.Duration.ofDays(30));

	private static final Dialogue DIALOGUE = ConsultationConfiguration.newDialogue(WORDING,
			new ConsultationMachine(ConsultationStateMachineConfiguration.standalone()), new Vocabulary(SCRIPT));

	private static final ConversationKey KEY = new ConversationKey("test", "1");

	final Session session = new Session();

	/** What the agent desk heard, e.g. {@code requested}, {@code wrote:…}. */
	final List<String> desk = new ArrayList<>();

	private List<Reply> last = DIALOGUE.prompt(this.session);

	private Outcome outcome;

	List<String> say(String text) {
		return answer(DIALOGUE.respond(turn(), text, null));
	}

	List<String> press(String label) {
		Choice choice = buttons().stream()
			.filter((button) -> button.label().equals(label))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No button '" + label + "' among " + labels()));
		return answer(DIALOGUE.respond(turn(), null, choice.postback()));
	}

	List<String> pressPayload(String payload) {
		return answer(DIALOGUE.respond(turn(), null, payload));
	}

	/** An agent takes the conversation. */
	List<String> agentJoins(String agent) {
		return answer(DIALOGUE.handoff().joined(this.session, agent));
	}

	/** The agent hands the conversation back. */
	List<String> agentReleases() {
		return answer(DIALOGUE.handoff().released(turn()));
	}

	/** The agent ends the conversation. */
	List<String> agentCloses() {
		return answer(DIALOGUE.handoff().closed(turn()));
	}

	/** Walks to the target role with one concern, one strength and an episode. */
	Talk toTargetRole() {
		press("相談を始める");
		press("給料が下がりそう");
		press("次へ進む");
		press("お客様目線");
		press("次へ進む");
		say("解約しそうな取引先を毎月訪問して引き止めた");
		return this;
	}

	List<String> labels() {
		return buttons().stream().map(Choice::label).toList();
	}

	Outcome.Effect effect() {
		return this.outcome.effect();
	}

	List<Choice> buttons() {
		List<Choice> found = List.of();
		for (Reply reply : this.last) {
			if (!reply.choices().isEmpty()) {
				found = reply.choices();
			}
		}
		return found;
	}

	private List<String> answer(Outcome outcome) {
		this.outcome = outcome;
		if (!outcome.replies().isEmpty()) {
			this.last = outcome.replies();
		}
		return outcome.replies().stream().map(Reply::text).toList();
	}

	private Turn turn() {
		return new Turn(this.session, new Desk(new RecordingDesk(), KEY, () -> null), DIALOGUE);
	}

	private final class RecordingDesk implements AgentDesk {

		@Override
		public QueueTicket requested(HandoffRequest request) {
			Talk.this.desk.add("requested");
			return new QueueTicket(2, null, true, null);
		}

		@Override
		public void cancelled(ConversationKey conversation) {
			Talk.this.desk.add("cancelled");
		}

		@Override
		public void forgotten(ConversationKey conversation) {
			Talk.this.desk.add("forgotten");
		}

		@Override
		public void userWrote(ConversationKey conversation, String text) {
			Talk.this.desk.add("wrote:" + text);
		}

		@Override
		public void rated(ConversationKey conversation, int rating, String comment) {
			Talk.this.desk.add("rated:" + rating + ((comment != null) ? ":" + comment : ""));
		}

	}

}
