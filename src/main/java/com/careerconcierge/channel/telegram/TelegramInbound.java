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
			if (!isObject(from) || !chat.equals(number(from.path("id")))) {
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

	/**
	 * Whether the fields the bot reads have the Bot API's shapes: objects where objects
	 * belong, scalars where scalars do (a number or a boolean reads as text, as Jackson
	 * binds it). A container in place of a scalar, or a scalar in place of an object, is
	 * not a Telegram update.
	 * @param update the update's JSON
	 * @return true if it can be read
	 */
	static boolean wellFormed(JsonNode update) {
		for (String field : new String[] { "message", "edited_message" }) {
			if (!message(update.get(field))) {
				return false;
			}
		}
		JsonNode query = update.get("callback_query");
		if (absent(query)) {
			return true;
		}
		return query.isObject() && scalars(query, "id", "data") && user(query.get("from"))
				&& message(query.get("message"));
	}

	private static boolean message(JsonNode message) {
		if (absent(message)) {
			return true;
		}
		if (!message.isObject() || !scalars(message, "message_id", "text") || !user(message.get("from"))) {
			return false;
		}
		JsonNode chat = message.get("chat");
		return absent(chat) || chat.isObject() && scalars(chat, "id", "type");
	}

	private static boolean user(JsonNode user) {
		return absent(user) || user.isObject() && scalars(user, "id", "first_name");
	}

	private static boolean scalars(JsonNode node, String... fields) {
		for (String field : fields) {
			JsonNode value = node.get(field);
			if (!absent(value) && !value.isValueNode()) {
				return false;
			}
		}
		return true;
	}

	private static boolean absent(JsonNode node) {
		return node == null || node.isNull();
	}

	private static boolean isObject(JsonNode node) {
		return node != null && node.isObject();
	}

	/** Real updates always name their chat; a forged or truncated one may not. */
	private static Long chatId(JsonNode message) {
		if (!isObject(message)) {
			return null;
		}
		return number(message.path("chat").path("id"));
	}

	/** A number, or a string of digits (as Jackson binds a {@code Long}). */
	private static Long number(JsonNode value) {
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.longValue();
		}
		if (value.isTextual()) {
			try {
				return Long.valueOf(value.textValue().strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static boolean isPrivate(JsonNode message) {
		return "private".equals(message.path("chat").path("type").asText(null));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asText() : null;
	}

}
