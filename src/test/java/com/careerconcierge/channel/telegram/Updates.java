package com.careerconcierge.channel.telegram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.io.ClassPathResource;

/**
 * Real Telegram Update JSON (from {@code src/test/resources/telegram/}) with the ids and
 * texts a test needs.
 */
public final class Updates {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final AtomicInteger UPDATE_IDS = new AtomicInteger(880_000_000);

	private static final AtomicInteger MESSAGE_IDS = new AtomicInteger(100);

	private Updates() {
	}

	public static String text(long chatId, String text) {
		return fill("text-message.json", chatId, text, null);
	}

	public static String command(long chatId, String command) {
		return fill("command-message.json", chatId, command, null);
	}

	public static String callbackQuery(long chatId, String data) {
		return fill("callback-query.json", chatId, null, data);
	}

	static String sticker(long chatId) {
		return fill("sticker.json", chatId, null, null);
	}

	static String groupMessage(long chatId, String text) {
		return fill("group-message.json", chatId, text, null);
	}

	static String editedMessage(long chatId, String text) {
		return fill("edited-message.json", chatId, text, null);
	}

	private static String fill(String file, long chatId, String text, String data) {
		try {
			String template = new ClassPathResource("telegram/" + file).getContentAsString(StandardCharsets.UTF_8);
			return template.replace("${updateId}", String.valueOf(UPDATE_IDS.incrementAndGet()))
				.replace("${messageId}", String.valueOf(MESSAGE_IDS.incrementAndGet()))
				.replace("${chatId}", String.valueOf(chatId))
				.replace("${text}", JSON.writeValueAsString(text))
				.replace("${data}", JSON.writeValueAsString(data));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
