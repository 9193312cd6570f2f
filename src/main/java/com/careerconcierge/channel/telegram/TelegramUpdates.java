package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.Optional;

import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.Notice;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.careerconcierge.consultation.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Handles one Telegram update, whichever way it arrived (webhook or long polling):
 * translate and let the core answer into the outbox. Failures of our own (Redis)
 * propagate, so a webhook answers 5xx and Telegram delivers the update again; the core's
 * de-duplication makes the retry harmless, and a redelivery of an update whose answer is
 * still undelivered sets the outbox going again.
 */
class TelegramUpdates {

	static final String CHANNEL = "telegram";

	private static final Logger log = LoggerFactory.getLogger(TelegramUpdates.class);

	private static final Duration GROUP_NOTE_TTL = Duration.ofDays(30);

	private final Consultation consultation;

	private final TelegramSender sender;

	private final StringRedisTemplate redis;

	TelegramUpdates(Consultation consultation, TelegramSender sender, StringRedisTemplate redis) {
		this.consultation = consultation;
		this.sender = sender;
		this.redis = redis;
	}

	/** Handles an update from long polling: a pressed button is answered here. */
	void handle(Update update) {
		TelegramInbound inbound = TelegramInbound.from(update);
		handle(inbound).ifPresent((answer) -> this.sender.answerCallback(answer.getCallbackQueryId(),
				(inbound.chatId() != null) ? inbound.chatId() : 0));
	}

	/**
	 * Handles an update: the core commits the answer to the outbox, which delivers it
	 * after this returns. A pressed button's spinner is answered with
	 * {@code answerCallbackQuery}, which a webhook puts in its response (Telegram makes
	 * the call; it is not a reply, so nothing is lost if it fails).
	 * @param inbound the update, translated
	 * @return the button's answer for the caller to make, if a button was pressed
	 */
	Optional<AnswerCallbackQuery> handle(TelegramInbound inbound) {
		switch (inbound.kind()) {
			case TEXT, BUTTON -> converse(inbound);
			case UNSUPPORTED -> this.consultation.notice(key(inbound), Notice.UNSUPPORTED_CONTENT);
			case GROUP -> noteGroupOnce(inbound);
			case IGNORED -> log.debug("Ignoring update {}", inbound.updateId());
		}
		if (inbound.callbackQueryId() == null) {
			return Optional.empty();
		}
		return Optional.of(TelegramSender.answer(inbound.callbackQueryId()));
	}

	private void converse(TelegramInbound inbound) {
		ConversationKey key = key(inbound);
		// The pressed message's buttons go with the answer: answered, or stale (the core
		// says so and changes nothing), either way they should not be pressed again.
		String pressed = (inbound.kind() == TelegramInbound.Kind.BUTTON && inbound.messageId() != null)
				? String.valueOf(inbound.messageId()) : null;
		InboundMessage message = new InboundMessage(key, inbound.firstName(), inbound.text(), inbound.postback(),
				String.valueOf(inbound.updateId()), pressed);
		try {
			this.consultation.handle(message);
		}
		catch (InvalidMessageException ex) {
			log.info("Rejected update {} of chat {}: {}", inbound.updateId(), inbound.chatId(), ex.getMessage());
			this.consultation.notice(key, Notice.refused(ex));
		}
	}

	private void noteGroupOnce(TelegramInbound inbound) {
		String marker = "cc:" + key(inbound).hashTag() + ":group-noted";
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(marker, "1", GROUP_NOTE_TTL))) {
			this.consultation.notice(key(inbound), Notice.PRIVATE_CHAT_ONLY);
		}
	}

	private static ConversationKey key(TelegramInbound inbound) {
		return new ConversationKey(CHANNEL, String.valueOf(inbound.chatId()));
	}

}
