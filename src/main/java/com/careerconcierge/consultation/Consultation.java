package com.careerconcierge.consultation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.careerconcierge.consultation.internal.Dialogue;
import com.careerconcierge.consultation.internal.RedisSessions;
import com.careerconcierge.consultation.internal.RedisSessions.Locked;
import com.careerconcierge.consultation.internal.Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

/**
 * The channel-neutral core: one inbound message in, the bot's replies out. For each
 * message it drops a platform redelivery, takes the user's lock, loads the session, lets
 * the dialogue answer and stores the session and transcript together.
 */
@Service
public class Consultation {

	private static final Logger log = LoggerFactory.getLogger(Consultation.class);

	private final RedisSessions sessions;

	private final Dialogue dialogue;

	private final ConsultationProperties properties;

	private final Clock clock;

	private final Timer timer;

	private final Semaphore working;

	/** Resolved on first use: the handoff module depends on this service. */
	private final Supplier<AgentDesk> agentDesk;

	Consultation(RedisSessions sessions, Dialogue dialogue, ConsultationProperties properties, MeterRegistry meters,
			ObjectProvider<AgentDesk> agentDesk) {
		this.sessions = sessions;
		this.agentDesk = SingletonSupplier.of(agentDesk::getIfAvailable);
		this.dialogue = dialogue;
		this.properties = properties;
		this.working = new Semaphore(properties.maxConcurrentMessages());
		this.clock = Clock.systemUTC();
		this.timer = Timer.builder("concierge.messages").description("Inbound messages handled").register(meters);
	}

	/**
	 * Starts a conversation (or shows where an existing one stands).
	 * @param key the conversation
	 * @param displayName the user's name, if known
	 * @return the welcome
	 */
	public List<Reply> start(ConversationKey key, String displayName) {
		Locked locked = this.sessions.lock(key, null);
		Session session = (locked.session() != null) ? locked.session() : new Session();
		String name = UserText.displayName(displayName);
		if (name != null) {
			session.name = name;
		}
		List<Reply> replies = this.dialogue.welcome(session);
		this.sessions.save(locked, session, turns(null, replies), null);
		return replies;
	}

	/**
	 * A notice that changes nothing (a sticker was sent, a group chat was used), with the
	 * buttons the user currently has.
	 * @param key the conversation
	 * @param notice which notice
	 * @return the notice
	 */
	public List<Reply> notice(ConversationKey key, Notice notice) {
		Session session = (notice == Notice.PRIVATE_CHAT_ONLY) ? null : this.sessions.find(key);
		return this.dialogue.notice(session, notice.messageKey);
	}

	/**
	 * The user's display name as last stored, so a channel can skip looking it up again.
	 * @param key the conversation
	 * @return the name, if one is stored
	 */
	public Optional<String> displayName(ConversationKey key) {
		return Optional.ofNullable(this.sessions.find(key)).map((session) -> session.name);
	}

	/**
	 * Deletes everything stored about the user (e.g. they blocked the bot).
	 * @param key the conversation
	 */
	public void forget(ConversationKey key) {
		Locked locked = this.sessions.lock(key, null);
		erase(locked, null);
	}

	private void erase(Locked locked, String eventId) {
		AgentDesk desk = this.agentDesk.get();
		if (desk != null) {
			desk.forgotten(locked.key());
		}
		this.sessions.erase(locked, eventId);
		log.info("Deleted everything stored about {}", locked.key());
	}

	/**
	 * The slash commands and their descriptions, for a channel's command menu.
	 * @return command (without slash) to description, in menu order
	 */
	public Map<String, String> commands() {
		return this.dialogue.commandDescriptions();
	}

	/**
	 * Notices that answer a message without changing the conversation.
	 */
	public enum Notice {

		/** A sticker, photo, voice message or other content the bot cannot read. */
		UNSUPPORTED_CONTENT("unsupportedContent"),

		/** A message over the length limit. */
		TEXT_TOO_LONG("textTooLong"),

		/** The user has waited long for an agent. */
		AGENT_FOLLOW_UP("agentFollowUp"),

		/** A message in a group chat: the bot consults one person at a time. */
		PRIVATE_CHAT_ONLY("privateChatOnly"),

		/** A button from an old message that is not on offer any more. */
		STALE_CHOICE("staleChoice");

		private final String messageKey;

		Notice(String messageKey) {
			this.messageKey = messageKey;
		}

	}

	/**
	 * Whether anything is stored for the conversation.
	 * @param key the conversation
	 * @return true if a session exists
	 */
	public boolean exists(ConversationKey key) {
		return this.sessions.exists(key);
	}

	/**
	 * Handles one message from a user.
	 * @param message what the user did
	 * @return the bot's replies (none for a redelivered event, or while an agent holds
	 * the chat)
	 * @throws InvalidMessageException for empty or over-long text; nothing is stored
	 * @throws ConversationBusyException when the user's previous message holds the lock
	 * too long
	 */
	public List<Reply> handle(InboundMessage message) {
		validate(message);
		return this.timer.record(() -> process(message));
	}

	private List<Reply> process(InboundMessage message) {
		Locked locked = this.sessions.lock(message.conversation(), message.eventId());
		boolean done = false;
		boolean working = false;
		try {
			if (locked.seen()) {
				log.info("Ignoring redelivered event {} of {}", message.eventId(), message.conversation());
				return List.of();
			}
			startWork(message.conversation());
			working = true;
			Session session = locked.session();
			List<Reply> replies;
			if (session == null) {
				session = new Session();
				session.name = message.displayName();
				replies = new ArrayList<>(this.dialogue.welcome(session));
				// A first message that is a command or a choice is answered too; other
				// text
				// only opens the conversation.
				if (message.postback() != null || (message.text() != null && message.text().strip().startsWith("/"))) {
					replies = new ArrayList<>(this.dialogue
						.respond(session, message.text(), message.postback(), desk(message.conversation(), session))
						.replies());
				}
			}
			else {
				if (message.displayName() != null) {
					session.name = message.displayName();
				}
				Dialogue.Outcome outcome = this.dialogue.respond(session, message.text(), message.postback(),
						desk(message.conversation(), session));
				replies = outcome.replies();
				if (!outcome.changed()) {
					return replies;
				}
			}
			if (session.erase) {
				erase(locked, message.eventId());
			}
			else {
				this.sessions.save(locked, session, turns(message, replies), message.eventId());
			}
			done = true;
			return replies;
		}
		finally {
			if (working) {
				this.working.release();
			}
			if (!done) {
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
	private void startWork(ConversationKey key) {
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

	/**
	 * The agent desk bound to one conversation, for the dialogue to call while the lock
	 * is held.
	 */
	private Dialogue.Desk desk(ConversationKey key, Session session) {
		AgentDesk desk = this.agentDesk.get();
		if (desk == null) {
			return Dialogue.Desk.NONE;
		}
		return new Dialogue.Desk() {

			@Override
			public AgentDesk.QueueTicket requested() {
				return desk.requested(new AgentDesk.HandoffRequest(key, Consultation.this.dialogue.summary(session)));
			}

			@Override
			public void cancelled() {
				desk.cancelled(key);
			}

			@Override
			public void userWrote(String text) {
				desk.userWrote(key, text);
			}

			@Override
			public void rated(int rating) {
				desk.rated(key, rating);
			}

		};
	}

	/**
	 * An agent took the conversation (it must be waiting for one).
	 * @param key the conversation
	 * @param agent the agent's name
	 * @return what to deliver to the user
	 * @throws ConversationStateException if the conversation is not waiting for an agent
	 */
	public List<Reply> agentJoined(ConversationKey key, String agent) {
		return agentAction(key, null, agent, (session) -> this.dialogue.agentJoined(session, agent));
	}

	/**
	 * An agent's message to the user, recorded in the transcript.
	 * @param key the conversation
	 * @param agent the agent's name
	 * @param text the message
	 * @return what to deliver to the user
	 * @throws ConversationStateException if no agent holds the conversation
	 */
	public List<Reply> agentSaid(ConversationKey key, String agent, String text) {
		return agentAction(key, text, agent, (session) -> {
			if (session.stage != Stage.WITH_AGENT) {
				throw new ConversationStateException("The conversation is " + session.stage + ", not WITH_AGENT");
			}
			return List.of(Reply.of(text));
		});
	}

	/**
	 * The agent handed the conversation back to the bot, which resumes where the user
	 * was.
	 * @param key the conversation
	 * @return what to deliver to the user
	 */
	public List<Reply> agentReleased(ConversationKey key) {
		return agentAction(key, null, null, this.dialogue::agentReleased);
	}

	/**
	 * The agent ended the conversation; the bot asks for a rating.
	 * @param key the conversation
	 * @return what to deliver to the user
	 */
	public List<Reply> agentClosed(ConversationKey key) {
		return agentAction(key, null, null, this.dialogue::agentClosed);
	}

	/**
	 * The whole stored conversation, bot, user and agent turns.
	 * @param key the conversation
	 * @return the turns, oldest first
	 */
	public List<TranscriptTurn> transcript(ConversationKey key) {
		return this.sessions.transcript(key);
	}

	/**
	 * What the bot learned about the user, for an agent.
	 * @param key the conversation
	 * @return the summary, if the user has a session
	 */
	public Optional<AgentDesk.Summary> summary(ConversationKey key) {
		return Optional.ofNullable(this.sessions.find(key)).map(this.dialogue::summary);
	}

	private List<Reply> agentAction(ConversationKey key, String agentText, String agent,
			java.util.function.Function<Session, List<Reply>> action) {
		Locked locked = this.sessions.lock(key, null);
		boolean done = false;
		try {
			if (locked.session() == null) {
				throw new UnknownConversationException("No conversation " + key);
			}
			Session session = locked.session();
			List<Reply> replies = action.apply(session);
			long now = this.clock.millis();
			List<TranscriptTurn> turns = new ArrayList<>();
			for (Reply reply : replies) {
				boolean fromAgent = agentText != null && reply.text().equals(agentText);
				turns.add(new TranscriptTurn(now, fromAgent ? "agent" : "bot", reply.text(), fromAgent ? agent : null));
			}
			this.sessions.save(locked, session, turns, null);
			done = true;
			return replies;
		}
		finally {
			if (!done) {
				this.sessions.unlock(locked);
			}
		}
	}

	private void validate(InboundMessage message) {
		if (message.postback() == null && message.text() == null) {
			throw new InvalidMessageException("A message needs text or a postback");
		}
		if (message.postback() != null && message.text() != null) {
			throw new InvalidMessageException("A message has either text or a postback, not both");
		}
		if (message.text() != null) {
			String problem = UserText.problem(message.text());
			if (problem != null) {
				throw new InvalidMessageException(problem);
			}
			if (message.text().codePointCount(0, message.text().length()) > this.properties.maxTextLength()) {
				throw new InvalidMessageException(
						"The text is longer than " + this.properties.maxTextLength() + " characters");
			}
		}
		if (message.postback() != null && (message.postback().isBlank() || message.postback().length() > 64)) {
			throw new InvalidMessageException("The postback is empty or longer than 64 characters");
		}
	}

	private List<TranscriptTurn> turns(InboundMessage message, List<Reply> replies) {
		long now = this.clock.millis();
		List<TranscriptTurn> turns = new ArrayList<>(replies.size() + 1);
		if (message != null) {
			turns.add(new TranscriptTurn(now, "user",
					(message.text() != null) ? message.text() : "[" + this.dialogue.label(message.postback()) + "]",
					null));
		}
		for (Reply reply : replies) {
			turns.add(new TranscriptTurn(now, "bot", reply.text(), null));
		}
		return turns;
	}

}
