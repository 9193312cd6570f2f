package com.careerconcierge.channel.telegram;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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
 * Sends the core's replies to a Telegram chat: text with an inline keyboard for the
 * choices. Calls answered 429 are retried after {@code retry_after}, 5xx with a short
 * backoff; a call that still fails is logged with its method and chat id (never the
 * token) and counted.
 */
class TelegramSender {

	private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);

	/** Telegram's limit for a message's text. */
	static final int MAX_TEXT_LENGTH = 4096;

	private static final String SEPARATOR = "\n\n";

	private final TelegramClient client;

	private final int maxRetries;

	private final ChatPace pace;

	private final Counter failures;

	TelegramSender(TelegramClient client, int maxRetries, ChatPace pace, MeterRegistry meters) {
		this.client = client;
		this.maxRetries = maxRetries;
		this.pace = pace;
		this.failures = Counter.builder("concierge.telegram.failed.calls")
			.description("Bot API calls that failed after retries")
			.register(meters);
	}

	/**
	 * Sends replies in order, joined into as few messages as {@link #compose} allows; the
	 * choices of each message become its inline keyboard.
	 * @param chatId the chat
	 * @param replies what to send
	 */
	public void send(long chatId, List<Reply> replies) {
		sendComposed(chatId, compose(replies));
	}

	/**
	 * Sends messages already joined by {@link #compose}, in order, each in its turn.
	 * @param chatId the chat
	 * @param messages what to send
	 */
	void sendComposed(long chatId, List<Reply> messages) {
		for (Reply reply : messages) {
			SendMessage message = message(chatId, reply);
			if (awaitTurn(chatId)) {
				call(message, chatId);
			}
			else {
				failed(message, chatId, "interrupted");
			}
		}
	}

	/**
	 * Waits until one more message may go to the chat (see {@link ChatPace}), e.g. the
	 * one a webhook answer carries.
	 * @param chatId the chat
	 * @return false if interrupted while waiting
	 */
	boolean awaitTurn(long chatId) {
		long waitMillis = this.pace.reserve(chatId).toMillis();
		if (waitMillis > 0) {
			log.debug("Pacing chat {}: next message in {} ms", chatId, waitMillis);
			return sleep(waitMillis);
		}
		return true;
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

	void answerCallback(String callbackQueryId, long chatId) {
		if (callbackQueryId == null) {
			return; // Telegram always sends one; a forged update without it gets no
					// answer
		}
		call(AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).build(), chatId);
	}

	void removeKeyboard(long chatId, int messageId) {
		call(EditMessageReplyMarkup.builder().chatId(chatId).messageId(messageId).build(), chatId);
	}

	static InlineKeyboardMarkup keyboard(List<Choice> choices) {
		List<InlineKeyboardRow> rows = new ArrayList<>();
		for (Choice choice : choices) {
			rows.add(new InlineKeyboardRow(
					InlineKeyboardButton.builder().text(choice.label()).callbackData(choice.postback()).build()));
		}
		return InlineKeyboardMarkup.builder().keyboard(rows).build();
	}

	<T extends Serializable> boolean call(BotApiMethod<T> method, long chatId) {
		for (int attempt = 0;; attempt++) {
			try {
				this.client.execute(method);
				return true;
			}
			catch (TelegramApiRequestException ex) {
				Integer code = ex.getErrorCode();
				Integer retryAfter = (ex.getParameters() != null) ? ex.getParameters().getRetryAfter() : null;
				boolean retryable = (code != null && (code == 429 || code >= 500));
				if (!retryable || attempt >= this.maxRetries) {
					return failed(method, chatId, "error " + code);
				}
				long waitMillis = (retryAfter != null) ? retryAfter * 1000L : 200L * (1L << attempt);
				log.info("Bot API {} for chat {} answered {}; retrying in {} ms", method.getMethod(), chatId, code,
						waitMillis);
				if (!sleep(waitMillis)) {
					return failed(method, chatId, "interrupted");
				}
			}
			catch (TelegramApiException ex) {
				// Transport failures: the client's messages can carry the request URL,
				// which
				// contains the token, so only the exception type is logged.
				if (attempt >= this.maxRetries) {
					return failed(method, chatId, ex.getClass().getSimpleName());
				}
				if (!sleep(200L * (1L << attempt))) {
					return failed(method, chatId, "interrupted");
				}
			}
		}
	}

	private boolean failed(BotApiMethod<?> method, long chatId, String why) {
		this.failures.increment();
		log.warn("Bot API {} for chat {} failed: {}", method.getMethod(), chatId, why);
		return false;
	}

	private static boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
