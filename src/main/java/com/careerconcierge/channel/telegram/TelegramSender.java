package com.careerconcierge.channel.telegram;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Reply;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * Makes Bot API calls for the outbox and the update handler: one call per method, no
 * retries here (the outbox owns retries and the pace), the outcome reported as an
 * {@link Attempt}. Failures are logged with the method and chat id, never the token.
 * <p>
 * The methods are telegrambots' own, serialised as telegrambots does; the call is made on
 * the calling thread, and of the answer only the Bot API's envelope is read ({@code ok},
 * {@code error_code}, {@code parameters.retry_after}). telegrambots' client passes every
 * call through OkHttp's dispatcher threads and binds the whole sent {@code Message} to
 * its builder-based classes, which the outbox never reads: under the Telegram harness
 * that was a sixth of the bot's CPU.
 */
class TelegramSender {

	private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);

	/** Telegram's limit for a message's text. */
	static final int MAX_TEXT_LENGTH = 4096;

	private static final String SEPARATOR = "\n\n";

	private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

	private final OkHttpClient http;

	private final ObjectMapper json = new ObjectMapper();

	private final String base;

	/** Method URLs, parsed once each (they hold the token: never logged). */
	private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

	private final Counter failures;

	TelegramSender(OkHttpClient http, TelegramUrl api, String botToken, MeterRegistry meters) {
		this.http = http;
		// the same URLs as telegrambots' client builds
		this.base = api.getSchema() + "://" + api.getHost() + ":" + api.getPort() + "/bot" + botToken + "/";
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
		Request request;
		try {
			method.validate();
			request = new Request.Builder().url(url(method.getMethod()))
				.post(RequestBody.create(this.json.writeValueAsBytes(method), JSON))
				.build();
		}
		catch (TelegramApiValidationException | IOException ex) {
			this.failures.increment();
			log.warn("Bot API {} for chat {} not made: {}", method.getMethod(), chatId, ex.getMessage());
			return Attempt.refused(ex.getClass().getSimpleName());
		}
		Envelope answer;
		int status;
		try (Response response = this.http.newCall(request).execute()) {
			status = response.code();
			answer = Envelope.read(this.json, response.body());
		}
		catch (IOException ex) {
			// Transport failures: their messages can carry the request URL, which
			// contains the token, so only the exception type is logged.
			this.failures.increment();
			String why = ex.getClass().getSimpleName();
			log.info("Bot API {} for chat {} failed: {}", method.getMethod(), chatId, why);
			return Attempt.retry(null, why);
		}
		if ((answer != null) ? answer.ok() : status / 100 == 2) {
			return Attempt.delivered();
		}
		this.failures.increment();
		int code = (answer != null && answer.errorCode() != null) ? answer.errorCode() : status;
		String why = "error " + code;
		log.info("Bot API {} for chat {} answered {}", method.getMethod(), chatId, why);
		if (code == 429 || code >= 500) {
			Integer retryAfter = (answer != null) ? answer.retryAfter() : null;
			return Attempt.retry((retryAfter != null) ? Duration.ofSeconds(retryAfter) : null, why);
		}
		return Attempt.refused(why);
	}

	private HttpUrl url(String method) {
		return this.urls.computeIfAbsent(method, (name) -> HttpUrl.get(this.base + name));
	}

	/**
	 * What the Bot API answered, from its envelope; the {@code result} is skipped. The
	 * Bot API writes {@code ok} first, so a success is known after two tokens (OkHttp
	 * discards the rest of the body and keeps the connection).
	 *
	 * @param ok whether the call went through
	 * @param errorCode the error, if not
	 * @param retryAfter seconds to wait before trying again (flood control)
	 */
	record Envelope(boolean ok, Integer errorCode, Integer retryAfter) {

		/** The envelope, or null if the body is not one (a proxy's error page). */
		static Envelope read(ObjectMapper json, ResponseBody body) throws IOException {
			try (JsonParser parser = json.createParser(body.byteStream())) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					return null;
				}
				Boolean ok = null;
				Integer code = null;
				Integer retryAfter = null;
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("ok".equals(field) && value.isBoolean()) {
						ok = parser.getBooleanValue();
						if (ok) {
							return new Envelope(true, null, null);
						}
					}
					else if ("error_code".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
						code = parser.getIntValue();
					}
					else if ("parameters".equals(field) && value == JsonToken.START_OBJECT) {
						while (parser.nextToken() == JsonToken.FIELD_NAME) {
							String parameter = parser.currentName();
							if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && "retry_after".equals(parameter)) {
								retryAfter = parser.getIntValue();
							}
							else {
								parser.skipChildren();
							}
						}
					}
					else {
						parser.skipChildren();
					}
				}
				return (ok != null) ? new Envelope(ok, code, retryAfter) : null;
			}
			catch (JsonProcessingException ex) {
				return null;
			}
		}

	}

}
