package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.careerconcierge.consultation.Consultation;
import com.careerconcierge.consultation.Notice;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.consultation.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Handles one Telegram update, whichever way it arrived (webhook or long polling):
 * translate, let the core answer, send. Failures of our own (Redis) propagate, so a
 * webhook answers 5xx and Telegram delivers the update again; the core's de-duplication
 * makes the retry harmless.
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

	void handle(Update update) {
		handle(update, false);
	}

	/**
	 * Handles an update; in webhook mode the last message may be handed back to go in the
	 * webhook's answer, where Telegram executes it (one HTTP round trip less, but no
	 * retry and no error report for that message).
	 * @param update the update
	 * @param answerInResponse whether the last message may be returned instead of sent
	 * @return the message to put in the webhook's answer, if any
	 */
	Optional<SendMessage> handle(Update update, boolean answerInResponse) {
		TelegramInbound inbound = TelegramInbound.from(update);
		List<Reply> replies = switch (inbound.kind()) {
			case TEXT, BUTTON -> converse(inbound);
			case UNSUPPORTED -> this.consultation.notice(key(inbound), Notice.UNSUPPORTED_CONTENT);
			case GROUP -> noteGroupOnce(inbound);
			case IGNORED -> {
				log.debug("Ignoring update {}", inbound.updateId());
				yield List.of();
			}
		};
		if (replies.isEmpty()) {
			return Optional.empty();
		}
		if (!answerInResponse) {
			this.sender.send(inbound.chatId(), replies);
			return Optional.empty();
		}
		List<Reply> messages = TelegramSender.compose(replies);
		this.sender.sendComposed(inbound.chatId(), messages.subList(0, messages.size() - 1));
		this.sender.awaitTurn(inbound.chatId());
		return Optional.of(TelegramSender.message(inbound.chatId(), messages.get(messages.size() - 1)));
	}

	private List<Reply> converse(TelegramInbound inbound) {
		ConversationKey key = key(inbound);
		InboundMessage message = new InboundMessage(key, inbound.firstName(), inbound.text(), inbound.postback(),
				String.valueOf(inbound.updateId()));
		List<Reply> replies;
		try {
			replies = this.consultation.handle(message);
		}
		catch (InvalidMessageException ex) {
			log.info("Rejected update {} of chat {}: {}", inbound.updateId(), inbound.chatId(), ex.getMessage());
			replies = this.consultation.notice(key, Notice.refused(ex));
		}
		if (replies.isEmpty()) {
			return replies; // a redelivery already answered, or an agent holds the
							// conversation
		}
		if (inbound.kind() == TelegramInbound.Kind.BUTTON) {
			this.sender.answerCallback(inbound.callbackQueryId(), inbound.chatId());
			if (inbound.messageId() != null) {
				// The pressed message's buttons go: answered, or stale (the core has just
				// said so
				// and changed nothing), either way they should not be pressed again.
				this.sender.removeKeyboard(inbound.chatId(), inbound.messageId());
			}
		}
		return replies;
	}

	private List<Reply> noteGroupOnce(TelegramInbound inbound) {
		if (inbound.callbackQueryId() != null) {
			this.sender.answerCallback(inbound.callbackQueryId(), inbound.chatId());
		}
		String marker = "cc:" + key(inbound).hashTag() + ":group-noted";
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(marker, "1", GROUP_NOTE_TTL))) {
			return this.consultation.notice(key(inbound), Notice.PRIVATE_CHAT_ONLY);
		}
		return List.of();
	}

	private static ConversationKey key(TelegramInbound inbound) {
		return new ConversationKey(CHANNEL, String.valueOf(inbound.chatId()));
	}

}
