package com.careerconcierge.channel.telegram;

import java.io.Serializable;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Makes Bot API calls for the outbox and the update handler: one call per method, no
 * retries here (the outbox owns retries and the pace), the outcome reported as an
 * {@link Attempt}. Failures are logged with the method and chat id, never the token.
 */
class TelegramSender {

	private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);

	/** Telegram's limit for a message's text. */
	static final int MAX_TEXT_LENGTH = 4096;

	private static final String SEPARATOR = "\n\n";

	private final TelegramClient client;

	private final Counter failures;

	TelegramSender(TelegramClient client, MeterRegistry meters) {
		this.client = client;
		this.failures = Counter.builder("concierge.telegram.failed.calls")
			.description("Bot API calls that failed (each attempt)")
			.register(meters);
	}

	/**
	 * Joins the replies of one answer into Telegram messages: a reply goes into the
	 * message before it (after a blank line) unless that message already carries buttons
	 * or the text would pass Telegram's 4,096 characters. One answer usually becomes one
	 * message: one notification on the user's phone, one Bot API call, and well within
	 * Telegram's pace of about one message per second per chat.
	 * @param replies the core's replies, in order
	 * @return the messages to send, in order
	 */
	static List<Reply> compose(List<Reply> replies) {
		if (replies.size() < 2) {
			return replies;
		}
		List<Reply> messages = new ArrayList<>(replies.size());
		Reply current = replies.get(0);
		for (Reply next : replies.subList(1, replies.size())) {
			if (current.choices().isEmpty()
					&& current.text().length() + SEPARATOR.length() + next.text().length() <= MAX_TEXT_LENGTH) {
				current = new Reply(current.text() + SEPARATOR + next.text(), next.choices());
			}
			else {
				messages.add(current);
				current = next;
			}
		}
		messages.add(current);
		return messages;
	}

	static SendMessage message(long chatId, Reply reply) {
		SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder().chatId(chatId).text(reply.text());
		if (!reply.choices().isEmpty()) {
			message.replyMarkup(keyboard(reply.choices()));
		}
		return message.build();
	}

	static AnswerCallbackQuery answer(String callbackQueryId) {
		return AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).build();
	}

	static EditMessageReplyMarkup removeKeyboard(long chatId, int messageId) {
		return EditMessageReplyMarkup.builder().chatId(chatId).messageId(messageId).build();
	}

	/** Answers a pressed button (polling mode; a webhook answers it in its response). */
	void answerCallback(String callbackQueryId, long chatId) {
		if (callbackQueryId != null) {
			attempt(answer(callbackQueryId), chatId);
		}
	}

	static InlineKeyboardMarkup keyboard(List<Choice> choices) {
		List<InlineKeyboardRow> rows = new ArrayList<>();
		for (Choice choice : choices) {
			rows.add(new InlineKeyboardRow(
					InlineKeyboardButton.builder().text(choice.label()).callbackData(choice.postback()).build()));
		}
		return InlineKeyboardMarkup.builder().keyboard(rows).build();
	}

	/**
	 * Makes one call.
	 * @param method the call
	 * @param chatId the chat, for the log
	 * @return delivered; a retry for 429 (with {@code retry_after}), 5xx and transport
	 * failures; refused for any other error (blocked by the user, chat not found)
	 */
	<T extends Serializable> Attempt attempt(BotApiMethod<T> method, long chatId) {
		try {
			this.client.execute(method);
			return Attempt.delivered();
		}
		catch (TelegramApiRequestException ex) {
			this.failures.increment();
			Integer code = ex.getErrorCode();
			Integer retryAfter = (ex.getParameters() != null) ? ex.getParameters().getRetryAfter() : null;
			String why = "error " + code;
			log.info("Bot API {} for chat {} answered {}", method.getMethod(), chatId, why);
			if (code != null && (code == 429 || code >= 500)) {
				return Attempt.retry((retryAfter != null) ? Duration.ofSeconds(retryAfter) : null, why);
			}
			return Attempt.refused(why);
		}
		catch (TelegramApiException ex) {
			// Transport failures: the client's messages can carry the request URL, which
			// contains the token, so only the exception type is logged.
			this.failures.increment();
			String why = ex.getClass().getSimpleName();
			log.info("Bot API {} for chat {} failed: {}", method.getMethod(), chatId, why);
			return Attempt.retry(null, why);
		}
	}

}
