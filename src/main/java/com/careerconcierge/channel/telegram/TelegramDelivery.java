package com.careerconcierge.channel.telegram;

import java.time.Duration;
import java.util.List;

import com.careerconcierge.consultation.Attempt;
import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.Outgoing;
import com.careerconcierge.consultation.Reply;

/**
 * How the outbox reaches a Telegram chat: the replies, joined into as few messages as
 * {@link TelegramSender#compose} allows, each within the chat's pace; then, if a button
 * was pressed, the pressed message's keyboard goes (it should not be pressed again, and
 * the core answers a stale press anyway). The answer comes first: removing the keyboard
 * before it made every press wait one more Bot API round trip for its reply. Any instance
 * can deliver: it is a plain Bot API call.
 */
class TelegramDelivery implements ChannelDelivery {

	private final TelegramSender sender;

	private final ChatPace pace;

	TelegramDelivery(TelegramSender sender, ChatPace pace) {
		this.sender = sender;
		this.pace = pace;
	}

	@Override
	public String channel() {
		return TelegramUpdates.CHANNEL;
	}

	@Override
	public int parts(Outgoing message) {
		return edits(message) + TelegramSender.compose(message.replies()).size();
	}

	@Override
	public Duration pace(Outgoing message, int part) {
		if (part >= TelegramSender.compose(message.replies()).size()) {
			return Duration.ZERO; // editing a keyboard is not a message in the chat
		}
		return this.pace.reserve(chatId(message));
	}

	@Override
	public Attempt send(Outgoing message, int part) {
		long chatId = chatId(message);
		List<Reply> messages = TelegramSender.compose(message.replies());
		if (part >= messages.size()) {
			Attempt attempt = this.sender.attempt(TelegramSender.removeKeyboard(chatId, pressed(message)), chatId);
			// Too old to edit, already edited, gone: the buttons are stale either way and
			// the core says so if pressed; only a retryable failure is worth waiting for.
			return (attempt.outcome() == Attempt.Outcome.REFUSED) ? Attempt.delivered() : attempt;
		}
		return this.sender.attempt(TelegramSender.message(chatId, messages.get(part)), chatId);
	}

	private static int edits(Outgoing message) {
		return (pressed(message) != null) ? 1 : 0;
	}

	/** The message whose button was pressed, noted by {@link TelegramUpdates}. */
	private static Integer pressed(Outgoing message) {
		String context = message.context();
		if (context == null || context.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(context);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static long chatId(Outgoing message) {
		return Long.parseLong(message.conversation().userId());
	}

}
