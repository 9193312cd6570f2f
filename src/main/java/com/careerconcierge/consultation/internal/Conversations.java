package com.careerconcierge.consultation.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.Appointments;
import com.careerconcierge.consultation.Appointments.Appointment;
import com.careerconcierge.consultation.Reminder;
import com.careerconcierge.consultation.Answer;
import com.careerconcierge.consultation.DeadLetter;
import com.careerconcierge.consultation.Outgoing;
import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConsultationProperties;
import com.careerconcierge.consultation.ConversationBusyException;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.InboundMessage;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.TranscriptTurn;
import com.careerconcierge.consultation.UnknownConversationException;
import com.careerconcierge.consultation.internal.Outcome.Effect;
import com.careerconcierge.consultation.internal.RedisOutbox.Committed;
import com.careerconcierge.consultation.internal.RedisOutbox.Start;
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

	private final Outbox outbox;

	private final RedisOutbox store;

	private final Teaching teaching;

	private final Funnel funnel;

	@Nullable
	private final Appointments appointments;

	Conversations(RedisSessions sessions, Dialogue dialogue, Wording wording, @Nullable AgentDesk desk,
			@Nullable Appointments appointments, ConsultationProperties properties, Outbox outbox, RedisOutbox store,
			Teaching teaching, Funnel funnel, Clock clock) {
		this.appointments = appointments;
		this.teaching = teaching;
		this.funnel = funnel;
		this.sessions = sessions;
		this.outbox = outbox;
		this.store = store;
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
	public Answer message(InboundMessage message) {
		String heard = (message.text() != null) ? message.text() : "[" + this.wording.label(message.postback()) + "]";
		AtomicReference<Miss> missed = new AtomicReference<>();
		Answer answer = run(message.conversation(), message.eventId(), message.context(), true, (stored) -> {
			Session session = (stored != null) ? stored : new Session();
			// a phone number given for a booking is kept with the booking only, not in
			// the
			// transcript agents read (judged before the turn moves the step on)
			boolean phone = session.at(Session.Step.BOOKING_CONTACT) && message.text() != null
					&& message.text().chars().filter(Character::isDigit).count() >= 6;
			session.named(message.displayName());
			Turn turn = turn(message.conversation(), session);
			Outcome outcome;
			if (stored == null && message.postback() == null && !message.text().strip().startsWith("/")) {
				outcome = Outcome.say(turn.prompt());
			}
			else {
				outcome = this.dialogue.respond(turn, message.text(), message.postback());
				missed.set(turn.miss());
			}
			if (stored == null && outcome.effect() == Effect.NOTHING) {
				outcome = Outcome.say(outcome.replies()); // a new conversation is kept
															// anyway
			}
			return new Work(session, phone ? "[電話番号]" : heard, outcome);
		});
		if (missed.get() != null) {
			// kept once the turn is committed, for the advisors' review
			this.teaching.missed(message.conversation(), missed.get());
			this.funnel.missed(message.conversation().channel(), missed.get().stage());
		}
		return answer;
	}

	/**
	 * Starts a conversation, or shows where an existing one stands.
	 * @param key the conversation
	 * @param displayName the user's name, if known
	 * @param context the channel's note for the answer, or null
	 * @return the question the conversation is at (the welcome for a new one)
	 */
	public Answer start(ConversationKey key, @Nullable String displayName, @Nullable String context) {
		return run(key, null, context, true, (stored) -> {
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
		run(key, null, null, true,
				(stored) -> new Work((stored != null) ? stored : new Session(), null, Outcome.erase(List.of())));
	}

	/**
	 * A notice that changes nothing, with the buttons the user has now.
	 * @param key the conversation
	 * @param messageKey the script's message
	 * @param withButtons whether to offer the user's current buttons
	 * @param context the channel's note for the answer, or null
	 * @param userTurn whether it answers something the user did (the web chat carries it
	 * back in the response) or comes on its own (a follow-up)
	 * @return the notice, queued for delivery
	 */
	public Answer notice(ConversationKey key, String messageKey, boolean withButtons, @Nullable String context,
			boolean userTurn) {
		Session session = withButtons ? this.sessions.find(key) : null;
		List<Reply> replies = List.of(new Reply(this.wording.message(messageKey),
				(session != null) ? this.dialogue.choices(session) : List.of()));
		return append(key, replies, null, context, userTurn);
	}

	/**
	 * Tells a waiting user where they stand in the queue; says nothing to a user who is
	 * no longer waiting.
	 * @param key the conversation
	 * @param position 1 for next
	 * @param minutes the estimated wait, or null when none can be given
	 * @return the message, queued for delivery
	 */
	public Answer queueUpdate(ConversationKey key, int position, @Nullable Integer minutes) {
		Session session = this.sessions.find(key);
		if (session == null || session.stage() != Stage.WAITING_FOR_AGENT) {
			return new Answer(List.of(), -1);
		}
		String text = this.wording.message("agentQueueUpdate")
			.replace("{position}", String.valueOf(position))
			.replace("{estimate}", estimate(minutes));
		return append(key, List.of(new Reply(text, this.dialogue.choices(session))), null, null, false);
	}

	/**
	 * The estimate sentence of a queue message.
	 * @param minutes the estimated wait, or null
	 * @return the sentence
	 */
	String estimate(@Nullable Integer minutes) {
		return (minutes != null) ? this.wording.message("agentEstimate").replace("{minutes}", String.valueOf(minutes))
				: this.wording.message("agentNoEstimate");
	}

	/**
	 * Tells the user about their booked meeting on its own (a reminder, or the offer
	 * after a missed one), at most once per event: a second call with the same event id,
	 * from a retry or another instance, says nothing.
	 * @param key the conversation
	 * @param eventId what this message is, e.g. {@code reminder:<booking>:day}
	 * @param appointment the booking
	 * @param reminder which message
	 * @return the message, queued for delivery (none if said before or the user is gone)
	 */
	public Answer remind(ConversationKey key, String eventId, Appointment appointment, Reminder reminder) {
		return run(key, eventId, null, false, (stored) -> {
			if (stored == null) {
				return new Work(new Session(), null, Outcome.unchanged(List.of()));
			}
			if (reminder == Reminder.NO_SHOW && stored.stage() != Stage.BOOKING) {
				stored.bookingDone(null); // the plan offers to book again
			}
			String text = this.dialogue.booking().remind(appointment, reminder);
			return new Work(stored, null, Outcome.say(new Reply(text, this.dialogue.choices(stored))));
		});
	}

	/**
	 * The conversation's messages after an id (the web chat's history).
	 * @param key the conversation
	 * @param after the last id seen (0 for all kept)
	 * @param max how many at most
	 * @return oldest first
	 */
	public List<Outgoing> history(ConversationKey key, long after, int max) {
		return this.store.after(key, after, max);
	}

	/** Messages that could not be delivered, newest first. */
	public List<DeadLetter> deadLetters(int max) {
		return this.store.deadLetters(max);
	}

	/** Appends to the outbox outside a turn (the user's lock is not needed for that). */
	Answer append(ConversationKey key, List<Reply> replies, @Nullable String agent, @Nullable String context,
			boolean userTurn) {
		boolean handedBack = userTurn && this.outbox.answersInResponse(key);
		String entry = this.store.entry(this.clock.millis(), replies, agent, context);
		Start start = (entry.isEmpty() || handedBack) ? Start.NONE : this.outbox.start(key);
		Committed committed = this.store.append(key, entry, this.properties.sessionTtl().toSeconds(), handedBack,
				this.outbox.keepsHistory(key), start);
		if (start.score() >= 0 && committed.id() > 0) {
			this.outbox.wake(key, start.score(), committed.taken());
		}
		return new Answer(replies, committed.id());
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

	public List<Reply> agentReleasedToBooking(ConversationKey key) {
		return agentTurn(key, (turn) -> {
			if (!this.dialogue.booking().available()) {
				return this.dialogue.handoff().released(turn);
			}
			this.dialogue.handoff().released(turn);
			return this.dialogue.booking().offeredByAgent(turn);
		});
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
		return run(key, null, null, false, (stored) -> {
			if (stored == null) {
				throw new UnknownConversationException("No conversation " + key);
			}
			return new Work(stored, null, action.apply(turn(key, stored)));
		}).replies();
	}

	private Turn turn(ConversationKey key, Session session) {
		return new Turn(session, new Desk(this.desk, key, () -> this.dialogue.handoff().summary(session)),
				this.dialogue);
	}

	/**
	 * One turn under the user's lock.
	 * @param key the conversation
	 * @param eventId the platform event's id, or null
	 * @param context the channel's note for the answer, or null
	 * @param userTurn whether the user did something (false: an agent's action)
	 * @param work what the turn does with the stored session (null for none)
	 * @return the replies and their id in the outbox; none for a redelivered event
	 */
	private Answer run(ConversationKey key, @Nullable String eventId, @Nullable String context, boolean userTurn,
			Function<Session, Work> work) {
		Locked locked = this.sessions.lock(key, eventId);
		boolean released = false;
		boolean turnTaken = false;
		try {
			if (locked.seen()) {
				log.info("Ignoring redelivered event {} of {}", eventId, key);
				// its answer may still wait in the outbox (a crash after the commit)
				if (!this.outbox.answersInResponse(key)) {
					this.outbox.wake(key, -1, null);
				}
				return new Answer(List.of(), 0);
			}
			takeTurn(key);
			turnTaken = true;
			Session stored = locked.session();
			Stage before = (stored != null) ? stored.stage() : null;
			Integer ratingBefore = (stored != null) ? stored.rating() : null;
			Work done = work.apply(stored);
			Outcome outcome = done.outcome();
			boolean handedBack = userTurn && this.outbox.answersInResponse(key);
			String entry = this.store.entry(this.clock.millis(), outcome.replies(), outcome.agent(), context);
			// Marked due with the commit (or before it, on a cluster): if this process
			// dies right after it, another instance (or the next start) still finds the
			// message.
			Start start = (entry.isEmpty() || handedBack) ? Start.NONE : this.outbox.start(key);
			Committed committed = new Committed(0, null);
			switch (outcome.effect()) {
				case STORE -> {
					committed = this.sessions.save(locked, done.session(), turns(done), eventId, entry, handedBack,
							this.outbox.keepsHistory(key), start);
					released = true;
				}
				case ERASE -> {
					if (this.desk != null) {
						this.desk.forgotten(key);
					}
					if (this.appointments != null) {
						this.appointments.forgotten(key);
					}
					this.store.forgetDeadLetters(key);
					this.teaching.forget(key);
					// a farewell carried back in the response is not kept either
					committed = this.sessions.erase(locked, eventId, handedBack ? "" : entry, handedBack, start);
					released = true;
					log.info("Deleted everything stored about {}", key);
				}
				case NOTHING -> {
					if (!entry.isEmpty()) {
						committed = this.store.append(key, entry, this.properties.sessionTtl().toSeconds(), handedBack,
								this.outbox.keepsHistory(key), start);
					}
				}
			}
			if (start.score() >= 0 && committed.id() > 0) {
				this.outbox.wake(key, start.score(), committed.taken());
			}
			if (outcome.effect() == Effect.STORE) {
				this.funnel.moved(key.channel(), before, done.session().stage());
				Integer rating = done.session().rating();
				if (rating != null && !rating.equals(ratingBefore)) {
					this.funnel.rated(key.channel(), rating);
				}
			}
			return new Answer(outcome.replies(), committed.id());
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
