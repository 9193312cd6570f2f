package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.careerconcierge.support.HttpDouble;
import com.careerconcierge.support.HttpDouble.Answer;
import com.careerconcierge.support.HttpDouble.Request;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stand-in for the Telegram Bot API: a real HTTP server that answers like Telegram does
 * and records the calls the bot makes ({@code POST /bot<token>/<method lowercased>}).
 */
public final class BotApiDouble implements AutoCloseable {

	public static final String TOKEN = "7000000001:AAF-test-token-do-not-log";

	public final HttpDouble http = new HttpDouble();

	private final AtomicInteger messageIds = new AtomicInteger(5000);

	public BotApiDouble() {
		reset();
	}

	public String url() {
		return this.http.url();
	}

	void reset() {
		this.http.reset();
		this.http.answer("/sendmessage", this::messageSent);
	}

	Answer messageSent(Request request) {
		long chatId = request.json().get("chat_id").asLong();
		return Answer.json(200, "{\"ok\":true,\"result\":{\"message_id\":" + this.messageIds.incrementAndGet()
				+ ",\"date\":1795000000,\"chat\":{\"id\":" + chatId + ",\"type\":\"private\"},\"text\":\"ok\"}}");
	}

	/**
	 * Serves {@code getUpdates} like long polling: each call waits briefly for an update
	 * and answers with every update waiting, in one batch.
	 * @return where to put updates (JSON) for the bot to fetch
	 */
	BlockingQueue<String> serveUpdates() {
		BlockingQueue<String> pending = new LinkedBlockingQueue<>();
		this.http.answer("/getupdates", (request) -> {
			List<String> batch = new ArrayList<>();
			try {
				String first = pending.poll(300, TimeUnit.MILLISECONDS);
				if (first != null) {
					batch.add(first);
					pending.drainTo(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Answer.json(200, "{\"ok\":true,\"result\":[" + String.join(",", batch) + "]}");
		});
		return pending;
	}

	/** Every sendMessage call for the chat, in order. */
	/**
	 * What the reads below wait for first: the bot delivers from its outbox, after the
	 * webhook has answered, so a test reads the calls once the outbox is idle.
	 */
	private volatile java.util.function.BooleanSupplier settled = () -> true;

	void settleWith(java.util.function.BooleanSupplier settled) {
		this.settled = settled;
	}

	private void settle() {
		if (!this.settled.getAsBoolean()) {
			throw new AssertionError("The bot's outbox did not go idle");
		}
	}

	public List<JsonNode> sentMessages(long chatId) {
		settle();
		return this.http.requests("/sendmessage")
			.stream()
			.map(Request::json)
			.filter((body) -> body.get("chat_id").asLong() == chatId)
			.toList();
	}

	/** Texts of every sendMessage call for the chat. */
	public List<String> texts(long chatId) {
		return sentMessages(chatId).stream().map((body) -> body.get("text").asText()).toList();
	}

	/** Button labels of the last message with a keyboard. */
	List<String> lastButtons(long chatId) {
		List<String> labels = new ArrayList<>();
		for (JsonNode message : sentMessages(chatId)) {
			JsonNode keyboard = message.path("reply_markup").path("inline_keyboard");
			if (!keyboard.isMissingNode() && !keyboard.isEmpty()) {
				labels.clear();
				keyboard.forEach((row) -> row.forEach((button) -> labels.add(button.get("text").asText())));
			}
		}
		return labels;
	}

	/** The callback data of the button with this label in the last keyboard. */
	public String callbackData(long chatId, String label) {
		String data = null;
		for (JsonNode message : sentMessages(chatId)) {
			for (JsonNode row : message.path("reply_markup").path("inline_keyboard")) {
				for (JsonNode button : row) {
					if (button.get("text").asText().equals(label)) {
						data = button.get("callback_data").asText();
					}
				}
			}
		}
		if (data == null) {
			throw new AssertionError("No button '" + label + "' was sent to chat " + chatId);
		}
		return data;
	}

	/** Calls of a Bot API method, whatever the case of its name in the path. */
	List<Request> calls(String method) {
		settle();
		String suffix = "/" + method.toLowerCase(java.util.Locale.ROOT);
		return this.http.requests()
			.stream()
			.filter((request) -> request.path().toLowerCase(java.util.Locale.ROOT).endsWith(suffix))
			.toList();
	}

	/** Waits until the chat has received at least {@code count} messages. */
	public void awaitMessages(long chatId, int count) {
		this.http.await((request) -> request.path().endsWith("/sendmessage")
				&& request.json().get("chat_id").asLong() == chatId, count, Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		this.http.close();
	}

}
