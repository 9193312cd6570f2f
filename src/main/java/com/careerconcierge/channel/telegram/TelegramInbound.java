package com.careerconcierge.channel.telegram;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What one Telegram update means for the bot: the pure translation, no I/O.
 *
 * @param kind what sort of input it is
 * @param updateId the update's id (for de-duplication)
 * @param chatId where to answer, or null for updates the bot ignores
 * @param firstName the user's first name, if known
 * @param text typed text ({@link Kind#TEXT})
 * @param postback the pressed button's data ({@link Kind#BUTTON})
 * @param callbackQueryId the callback query to answer ({@link Kind#BUTTON})
 * @param messageId the message that carried the pressed button ({@link Kind#BUTTON})
 */
record TelegramInbound(Kind kind, int updateId, Long chatId, String firstName, String text, String postback,
		String callbackQueryId, Integer messageId) {

	enum Kind {

		/** Text typed in a private chat. */
		TEXT,

		/** A pressed inline-keyboard button in a private chat. */
		BUTTON,

		/**
		 * A sticker, photo, voice message, edited message or anything else without plain
		 * text.
		 */
		UNSUPPORTED,

		/** Something written in a group, supergroup or channel. */
		GROUP,

		/** Nothing to answer (the bot's own membership changes, polls, …). */
		IGNORED

	}

	static TelegramInbound from(Update update) {
		int id = (update.getUpdateId() != null) ? update.getUpdateId() : -1;
		if (update.hasCallbackQuery()) {
			CallbackQuery query = update.getCallbackQuery();
			MaybeInaccessibleMessage message = query.getMessage();
			if (message == null || message.getChat() == null || message.getChatId() == null) {
				return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, query.getId(), null);
			}
			if (!message.isUserMessage()) {
				Long chat = (message != null) ? message.getChatId() : null;
				return new TelegramInbound((chat != null) ? Kind.GROUP : Kind.IGNORED, id, chat, null, null, null,
						query.getId(), null);
			}
			if (query.getFrom() == null || !message.getChatId().equals(query.getFrom().getId())) {
				// In a private chat only its user can press its buttons: anything else is
				// forged, and must not act on (or rename) that user's conversation.
				return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, query.getId(), null);
			}
			return new TelegramInbound(Kind.BUTTON, id, message.getChatId(), firstName(query.getFrom()), null,
					query.getData(), query.getId(), message.getMessageId());
		}
		if (update.hasMessage() && lacksChat(update.getMessage())
				|| update.hasEditedMessage() && lacksChat(update.getEditedMessage())) {
			return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, null, null);
		}
		if (update.hasMessage()) {
			Message message = update.getMessage();
			if (!message.isUserMessage()) {
				return new TelegramInbound(Kind.GROUP, id, message.getChatId(), null, null, null, null, null);
			}
			String name = firstName(message.getFrom());
			if (message.hasText() && !message.getText().isBlank()) {
				return new TelegramInbound(Kind.TEXT, id, message.getChatId(), name, message.getText(), null, null,
						null);
			}
			return new TelegramInbound(Kind.UNSUPPORTED, id, message.getChatId(), name, null, null, null, null);
		}
		if (update.hasEditedMessage() && update.getEditedMessage().isUserMessage()) {
			Message message = update.getEditedMessage();
			return new TelegramInbound(Kind.UNSUPPORTED, id, message.getChatId(), firstName(message.getFrom()), null,
					null, null, null);
		}
		return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, null, null);
	}

	/** Real updates always name their chat; a forged or truncated one may not. */
	private static boolean lacksChat(Message message) {
		return message.getChat() == null || message.getChatId() == null;
	}

	private static String firstName(org.telegram.telegrambots.meta.api.objects.User user) {
		return (user != null) ? user.getFirstName() : null;
	}

}
