package com.careerconcierge.consultation.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConsultationProperties;
import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.TranscriptTurn;
import com.careerconcierge.consultation.UnknownConversationException;
import com.careerconcierge.consultation.internal.Outcome.Effect;
import com.careerconcierge.consultation.internal.RedisSessions.Locked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.lang.Nullable;

/**
 * Runs turns: for each one it drops a platform redelivery, takes the user's lock, loads
 * the session, lets the {@link Dialogue} (or an agent's action) decide, and then does
 * what the outcome says — store the session, its transcript turns and the event's
 * de-duplication mark in one write, store nothing, or erase everything — and releases the
 * lock whatever happened.
 */
public class Conversations {

	private static final Logger log = LoggerFactory.getLogger(Conversations.class);

	private final RedisSessions sessions;

	private final Dialogue dialogue;

	private final Wording wording;

	@Nullable
	private final AgentDesk desk;

	private final ConsultationProperties properties;

	private final Clock clock;

	private final Semaphore working;

	Conversations(RedisSessions sessions, Dialogue dialogue, Wording wording, @Nullable AgentDesk desk,
			ConsultationProperties properties, Clock clock) {
		this.sessions = sessions;
		this.dialogue = dialogue;
		this.wording = wording;
		this.desk = desk;
		this.properties = properties;
		this.clock = clock;
		this.working = new Semaphore(properties.maxConcurrentMessages());
	}

	/**
	 * Answers one message from a user. A first message that is neither a command nor a
	 * button only opens the conversation (the welcome).
	 * @param message what the user did
	 * @return the replies (none for a redelivery, or while an agent holds the chat)
	 */
	public List<Reply> message(InboundMessage message) {
		String heard = (message.text() != null) ? message.text() : "[" + this.wording.label(message.postback()) + "]";
		return run(message.conversation(), message.eventId(), (stored) -> {
			Session session = (stored != null) ? stored : new Session();
			session.named(message.displayName());
			Turn turn = turn(message.conversation(), session);
			Outcome outcome;
			if (stored == null && message.postback() == null && !message.text().strip().startsWith("/")) {
				outcome = Outcome.say(turn.prompt());
			}
			else {
				outcome = this.dialogue.respond(turn, message.text(), message.postback());
			}
			if (stored == null && outcome.effect() == Effect.NOTHING) {
				outcome = Outcome.say(outcome.replies()); // a new conversation is kept
															// anyway
			}
			return new Work(session, heard, outcome);
		});
	}

	/**
	 * Starts a conversation, or shows where an existing one stands.
	 * @param key the conversation
	 * @param displayName the user's name, if known
	 * @return the question the conversation is at (the welcome for a new one)
	 */
	public List<Reply> start(ConversationKey key, @Nullable String displayName) {
		return run(key, null, (stored) -> {
			Session session = (stored != null) ? stored : new Session();
			session.named(displayName);
			return new Work(session, null, Outcome.say(this.dialogue.prompt(session)));
		});
	}

	/**
	 * Deletes everything stored about the user, their handoffs included.
	 * @param key the conversation
	 */
	public void forget(ConversationKey key) {
		run(key, null, (stored) -> new Work((stored != null) ? stored : new Session(), null, Outcome.erase(List.of())));
	}

	/**
	 * A notice that changes nothing, with the buttons the user has now.
	 * @param key the conversation
	 * @param messageKey the script's message
	 * @param withButtons whether to offer the user's current buttons
	 * @return the notice
	 */
	public List<Reply> notice(ConversationKey key, String messageKey, boolean withButtons) {
		Session session = withButtons ? this.sessions.find(key) : null;
		return List.of(new Reply(this.wording.message(messageKey),
				(session != null) ? this.dialogue.choices(session) : List.of()));
	}

	// The agent's side

	public List<Reply> agentJoined(ConversationKey key, String agent) {
		return agentTurn(key, (turn) -> this.dialogue.handoff().joined(turn.session(), agent));
	}

	public List<Reply> agentSaid(ConversationKey key, String agent, String text) {
		return agentTurn(key, (turn) -> this.dialogue.handoff().agentSaid(turn.session(), agent, text));
	}

	public List<Reply> agentReleased(ConversationKey key) {
		return agentTurn(key, this.dialogue.handoff()::released);
	}

	public List<Reply> agentClosed(ConversationKey key) {
		return agentTurn(key, this.dialogue.handoff()::closed);
	}

	public Optional<Summary> summary(ConversationKey key) {
		return Optional.ofNullable(this.sessions.find(key)).map(this.dialogue.handoff()::summary);
	}

	public List<TranscriptTurn> transcript(ConversationKey key) {
		return this.sessions.transcript(key);
	}

	public Optional<String> displayName(ConversationKey key) {
		return Optional.ofNullable(this.sessions.find(key)).map(Session::name);
	}

	public boolean exists(ConversationKey key) {
		return this.sessions.exists(key);
	}

	public Map<String, String> commands() {
		return this.dialogue.commands().menu();
	}

	private List<Reply> agentTurn(ConversationKey key, Function<Turn, Outcome> action) {
		return run(key, null, (stored) -> {
			if (stored == null) {
				throw new UnknownConversationException("No conversation " + key);
			}
			return new Work(stored, null, action.apply(turn(key, stored)));
		});
	}

	private Turn turn(ConversationKey key, Session session) {
		return new Turn(session, new Desk(this.desk, key, () -> this.dialogue.handoff().summary(session)),
				this.dialogue);
	}

	/**
	 * One turn under the user's lock.
	 * @param key the conversation
	 * @param eventId the platform event's id, or null
	 * @param work what the turn does with the stored session (null for none)
	 * @return the replies; none for a redelivered event
	 */
	private List<Reply> run(ConversationKey key, @Nullable String eventId, Function<Session, Work> work) {
		Locked locked = this.sessions.lock(key, eventId);
		boolean released = false;
		boolean turnTaken = false;
		try {
			if (locked.seen()) {
				log.info("Ignoring redelivered event {} of {}", eventId, key);
				return List.of();
			}
			takeTurn(key);
			turnTaken = true;
			Work done = work.apply(locked.session());
			Outcome outcome = done.outcome();
			switch (outcome.effect()) {
				case STORE -> {
					this.sessions.save(locked, done.session(), turns(done), eventId);
					released = true;
				}
				case ERASE -> {
					if (this.desk != null) {
						this.desk.forgotten(key);
					}
					this.sessions.erase(locked, eventId);
					released = true;
					log.info("Deleted everything stored about {}", key);
				}
				case NOTHING -> {
					// released below
				}
			}
			return outcome.replies();
		}
		finally {
			if (turnTaken) {
				this.working.release();
			}
			if (!released) {
				// an interrupted wait for a turn must not stop the lock's release
				boolean interrupted = Thread.interrupted();
				this.sessions.unlock(locked);
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/**
	 * Waits for a turn to work on a message. Past a few per core, more messages at once
	 * only add contention: on 2 cores, 64 at once took twice the CPU per message that 16
	 * did (see the README's benchmark). Requests still queue here, not in the server's
	 * thread pool, so threads waiting for Redis, a user's lock or a platform stay free.
	 * @throws ConversationBusyException if no turn came within the lock wait
	 */
	private void takeTurn(ConversationKey key) {
		try {
			if (this.working.tryAcquire(this.properties.lockWait().toNanos(), TimeUnit.NANOSECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new ConversationBusyException("No turn to work on a message of " + key);
	}

	/** The user's words, then what was said back, marked as the bot's or the agent's. */
	private List<TranscriptTurn> turns(Work done) {
		long now = this.clock.millis();
		List<Reply> replies = done.outcome().replies();
		List<TranscriptTurn> turns = new ArrayList<>(replies.size() + 1);
		if (done.heard() != null) {
			turns.add(new TranscriptTurn(now, "user", done.heard(), null));
		}
		String agent = done.outcome().agent();
		for (Reply reply : replies) {
			turns.add(new TranscriptTurn(now, (agent != null) ? "agent" : "bot", reply.text(), agent));
		}
		return turns;
	}

	/**
	 * What a turn did.
	 *
	 * @param session the session to store
	 * @param heard the user's words for the transcript, or null (an agent's action)
	 * @param outcome what was said and what to store
	 */
	private record Work(Session session, String heard, Outcome outcome) {
	}

}
