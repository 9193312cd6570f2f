package com.careerconcierge.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
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

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/**
	 * Translates an update that long polling read into telegrambots' objects, by the
	 * fields the bot reads (its getters compute more, and can fail on odd entities).
	 * @param update the update
	 * @return what it means
	 */
	static TelegramInbound from(Update update) {
		ObjectNode tree = NODES.objectNode();
		if (update.getUpdateId() != null) {
			tree.put("update_id", update.getUpdateId());
		}
		if (update.hasCallbackQuery()) {
			CallbackQuery query = update.getCallbackQuery();
			ObjectNode node = tree.putObject("callback_query");
			node.put("id", query.getId()).put("data", query.getData());
			user(node, query.getFrom());
			MaybeInaccessibleMessage message = query.getMessage();
			if (message != null) {
				ObjectNode pressed = node.putObject("message");
				pressed.put("message_id", message.getMessageId());
				chat(pressed, message.getChat());
			}
		}
		message(tree, "message", update.getMessage());
		message(tree, "edited_message", update.getEditedMessage());
		return from(tree);
	}

	private static void message(ObjectNode tree, String field, Message message) {
		if (message != null) {
			ObjectNode node = tree.putObject(field);
			node.put("message_id", message.getMessageId()).put("text", message.getText());
			user(node, message.getFrom());
			chat(node, message.getChat());
		}
	}

	private static void user(ObjectNode node, User user) {
		if (user != null) {
			node.putObject("from").put("id", user.getId()).put("first_name", user.getFirstName());
		}
	}

	private static void chat(ObjectNode node, Chat chat) {
		if (chat != null) {
			node.putObject("chat").put("id", chat.getId()).put("type", chat.getType());
		}
	}

	/**
	 * Translates an update as the Bot API sends it. The webhook reads only the fields it
	 * needs from the JSON tree: binding the whole update to telegrambots' builder-based
	 * objects cost more CPU than the rest of the webhook's own work (profiled under the
	 * Telegram harness).
	 * @param update the update's JSON
	 * @return what it means
	 */
	static TelegramInbound from(JsonNode update) {
		int id = update.path("update_id").canConvertToInt() ? update.path("update_id").intValue() : -1;
		JsonNode query = update.get("callback_query");
		if (isObject(query)) {
			String queryId = text(query, "id");
			JsonNode message = query.get("message");
			Long chat = chatId(message);
			if (chat == null) {
				return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, queryId, null);
			}
			if (!isPrivate(message)) {
				return new TelegramInbound(Kind.GROUP, id, chat, null, null, null, queryId, null);
			}
			JsonNode from = query.get("from");
			if (!isObject(from) || !from.path("id").canConvertToLong() || from.path("id").longValue() != chat) {
				// In a private chat only its user can press its buttons: anything else is
				// forged, and must not act on (or rename) that user's conversation.
				return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, queryId, null);
			}
			Integer messageId = message.path("message_id").canConvertToInt() ? message.path("message_id").intValue()
					: null;
			return new TelegramInbound(Kind.BUTTON, id, chat, text(from, "first_name"), null, text(query, "data"),
					queryId, messageId);
		}
		JsonNode message = update.get("message");
		JsonNode edited = update.get("edited_message");
		if (isObject(message) && chatId(message) == null || isObject(edited) && chatId(edited) == null) {
			return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, null, null);
		}
		if (isObject(message)) {
			Long chat = chatId(message);
			if (!isPrivate(message)) {
				return new TelegramInbound(Kind.GROUP, id, chat, null, null, null, null, null);
			}
			String name = text(message.get("from"), "first_name");
			String text = text(message, "text");
			if (text != null && !text.isBlank()) {
				return new TelegramInbound(Kind.TEXT, id, chat, name, text, null, null, null);
			}
			return new TelegramInbound(Kind.UNSUPPORTED, id, chat, name, null, null, null, null);
		}
		if (isObject(edited) && isPrivate(edited)) {
			return new TelegramInbound(Kind.UNSUPPORTED, id, chatId(edited), text(edited.get("from"), "first_name"),
					null, null, null, null);
		}
		return new TelegramInbound(Kind.IGNORED, id, null, null, null, null, null, null);
	}

	private static boolean isObject(JsonNode node) {
		return node != null && node.isObject();
	}

	/** Real updates always name their chat; a forged or truncated one may not. */
	private static Long chatId(JsonNode message) {
		if (!isObject(message)) {
			return null;
		}
		JsonNode id = message.path("chat").path("id");
		return id.canConvertToLong() ? id.longValue() : null;
	}

	private static boolean isPrivate(JsonNode message) {
		return "private".equals(message.path("chat").path("type").asText(null));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isTextual()) ? value.textValue() : null;
	}

}
