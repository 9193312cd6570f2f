package com.careerconcierge.consultation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.careerconcierge.consultation.internal.Conversations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/**
 * The channel-neutral core as channels see it: one inbound message in, the bot's replies
 * out. It refuses what it cannot take (nothing is stored then) and leaves the turn itself
 * — redelivery, the user's lock, the dialogue, the one write — to the conversations it
 * runs on.
 */
@Service
public class Consultation {

	private final Conversations conversations;

	private final ConsultationProperties properties;

	private final Timer timer;

	Consultation(Conversations conversations, ConsultationProperties properties, MeterRegistry meters) {
		this.conversations = conversations;
		this.properties = properties;
		this.timer = Timer.builder("concierge.messages").description("Inbound messages handled").register(meters);
	}

	/**
	 * Handles one message from a user.
	 * @param message what the user did
	 * @return the bot's replies, queued for delivery (or, on the web chat, for the caller
	 * to carry back); none for a redelivered event, or while an agent holds the chat
	 * @throws InvalidMessageException for empty, over-long or unreadable text; nothing is
	 * stored
	 * @throws ConversationBusyException when the user's previous message holds the lock
	 * too long
	 */
	public Answer handle(InboundMessage message) {
		validate(message);
		return this.timer.record(() -> this.conversations.message(message));
	}

	/**
	 * Starts a conversation (or shows where an existing one stands).
	 * @param key the conversation
	 * @param displayName the user's name, if known
	 * @return the welcome, or the question the user is at
	 */
	public Answer start(ConversationKey key, @Nullable String displayName) {
		return start(key, displayName, null);
	}

	/**
	 * Starts a conversation (or shows where an existing one stands).
	 * @param key the conversation
	 * @param displayName the user's name, if known
	 * @param context the channel's note for the answer (a reply token), or null
	 * @return the welcome, or the question the user is at
	 */
	public Answer start(ConversationKey key, @Nullable String displayName, @Nullable String context) {
		return this.conversations.start(key, UserText.displayName(displayName), context);
	}

	/**
	 * A notice that changes nothing (a sticker was sent, a group chat was used), with the
	 * buttons the user currently has.
	 * @param key the conversation
	 * @param notice which notice
	 * @return the notice, queued for delivery
	 */
	public Answer notice(ConversationKey key, Notice notice) {
		return notice(key, notice, null);
	}

	/**
	 * A notice that changes nothing, with the buttons the user currently has.
	 * @param key the conversation
	 * @param notice which notice
	 * @param context the channel's note for the answer (a reply token), or null
	 * @return the notice, queued for delivery
	 */
	public Answer notice(ConversationKey key, Notice notice, @Nullable String context) {
		return this.conversations.notice(key, notice.messageKey(), notice != Notice.PRIVATE_CHAT_ONLY, context, true);
	}

	/**
	 * Tells the user about their booked meeting on its own, on their channel, at most
	 * once per event id (a retry, another instance or a restart says nothing more).
	 * @param appointment the booking
	 * @param reminder which message
	 * @param eventId what this message is, unique per booking and message
	 * @return the message, queued for delivery (none if said before or the user is gone)
	 */
	public Answer remind(Appointments.Appointment appointment, Reminder reminder, String eventId) {
		return this.conversations.remind(appointment.conversation(), eventId, appointment, reminder);
	}

	/**
	 * What the bot and agents said to the user after a message id, as kept for the web
	 * chat's history.
	 * @param key the conversation
	 * @param after the last id the caller has (0 for everything kept)
	 * @param max how many at most
	 * @return the messages, oldest first
	 */
	public List<Outgoing> history(ConversationKey key, long after, int max) {
		return this.conversations.history(key, after, max);
	}

	/**
	 * Deletes everything stored about the user, their handoffs included (they blocked the
	 * bot).
	 * @param key the conversation
	 */
	public void forget(ConversationKey key) {
		this.conversations.forget(key);
	}

	/**
	 * The user's display name as last stored, so a channel can skip looking it up again.
	 * @param key the conversation
	 * @return the name, if one is stored
	 */
	public Optional<String> displayName(ConversationKey key) {
		return this.conversations.displayName(key);
	}

	/**
	 * Whether anything is stored for the conversation.
	 * @param key the conversation
	 * @return true if a session exists
	 */
	public boolean exists(ConversationKey key) {
		return this.conversations.exists(key);
	}

	/**
	 * The slash commands and their descriptions, for a channel's command menu.
	 * @return command (without slash) to description, in menu order
	 */
	public Map<String, String> commands() {
		return this.conversations.commands();
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
						"The text is longer than " + this.properties.maxTextLength() + " characters", true);
			}
		}
		if (message.postback() != null && (message.postback().isBlank() || message.postback().length() > 64)) {
			throw new InvalidMessageException("The postback is empty or longer than 64 characters");
		}
	}

}
