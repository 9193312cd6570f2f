package com.careerconcierge.channel.line;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.InboundMessage;
import com.linecorp.bot.webhook.model.DeliveryContext;
import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.EventMode;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.GroupSource;
import com.linecorp.bot.webhook.model.JoinEvent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.PostbackEvent;
import com.linecorp.bot.webhook.model.RoomSource;
import com.linecorp.bot.webhook.model.Source;
import com.linecorp.bot.webhook.model.TextMessageContent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UnknownEvent;
import com.linecorp.bot.webhook.model.UserMentionee;
import com.linecorp.bot.webhook.model.UserSource;

import org.springframework.util.StringUtils;

/**
 * What one LINE webhook event asks of the bot, read without side effects: the only place
 * that looks inside LINE's event types.
 */
sealed interface LineInbound {

	/** The channel name in {@link ConversationKey}s. */
	String CHANNEL = "line";

	/**
	 * Reads one event.
	 * @param event a parsed webhook event
	 * @return what to do about it; {@link Ignored} for anything the bot does not handle
	 */
	static LineInbound from(Event event) {
		Source source = event.source();
		boolean redelivery = redelivery(event.deliveryContext());
		if (event instanceof UnfollowEvent) {
			// The user blocked the bot: delete their data even if another module has the
			// chat (standby mode).
			return (source instanceof UserSource user && StringUtils.hasText(user.userId())) ? new Forget(user.userId())
					: new Ignored("unfollow without a user id");
		}
		if (event.mode() == EventMode.STANDBY) {
			// Another module owns the chat; a standby event has no reply token either.
			return new Ignored("standby mode");
		}
		if (source instanceof GroupSource || source instanceof RoomSource) {
			return fromGroup(event, source, redelivery);
		}
		if (!(source instanceof UserSource user) || !StringUtils.hasText(user.userId())) {
			return new Ignored("event without a user");
		}
		String userId = user.userId();
		if (event instanceof FollowEvent follow) {
			return new Welcome(userId, follow.replyToken(), redelivery);
		}
		if (event instanceof PostbackEvent postback) {
			String data = (postback.postback() != null) ? postback.postback().data() : null;
			if (!StringUtils.hasText(data)) {
				return new Ignored("postback without data");
			}
			return new Dialogue(userId, postback.replyToken(), null, data, event.webhookEventId(), redelivery);
		}
		if (event instanceof MessageEvent message) {
			if (message.message() instanceof TextMessageContent text) {
				return new Dialogue(userId, message.replyToken(), text.text(), null, event.webhookEventId(),
						redelivery);
			}
			return new Unsupported(userId, message.replyToken(), redelivery);
		}
		return new Ignored(type(event));
	}

	private static LineInbound fromGroup(Event event, Source source, boolean redelivery) {
		String chatId = (source instanceof GroupSource group) ? group.groupId() : ((RoomSource) source).roomId();
		if (!StringUtils.hasText(chatId)) {
			return new Ignored("group event without a group id");
		}
		// Say once that the bot talks one to one: when it joins, and when someone
		// mentions it. Answering every message of a group would flood it.
		if (event instanceof JoinEvent join) {
			return new PrivateChatOnly(chatId, join.replyToken(), redelivery);
		}
		if (event instanceof MessageEvent message && message.message() instanceof TextMessageContent text
				&& mentionsTheBot(text)) {
			return new PrivateChatOnly(chatId, message.replyToken(), redelivery);
		}
		return new Ignored(type(event) + " in a group chat");
	}

	private static boolean mentionsTheBot(TextMessageContent text) {
		return text.mention() != null && text.mention().mentionees() != null && text.mention()
			.mentionees()
			.stream()
			.anyMatch((mentionee) -> mentionee instanceof UserMentionee user && Boolean.TRUE.equals(user.isSelf()));
	}

	private static boolean redelivery(DeliveryContext context) {
		return context != null && Boolean.TRUE.equals(context.isRedelivery());
	}

	private static String type(Event event) {
		return (event instanceof UnknownEvent unknown) ? unknown.type() : event.getClass().getSimpleName();
	}

	/**
	 * The user added the bot as a friend (or unblocked it): welcome them.
	 *
	 * @param userId the user's LINE id
	 * @param replyToken the event's reply token
	 * @param redelivery whether LINE delivers this event again
	 */
	record Welcome(String userId, String replyToken, boolean redelivery) implements LineInbound {
	}

	/**
	 * The user blocked the bot: delete what is stored about them.
	 *
	 * @param userId the user's LINE id
	 */
	record Forget(String userId) implements LineInbound {
	}

	/**
	 * Typed text or a pressed quick reply, for the consultation.
	 *
	 * @param userId the user's LINE id
	 * @param replyToken the event's reply token
	 * @param text the typed text, or null
	 * @param postback the postback data, or null
	 * @param eventId the event's {@code webhookEventId}
	 * @param redelivery whether LINE delivers this event again
	 */
	record Dialogue(String userId, String replyToken, String text, String postback, String eventId,
			boolean redelivery) implements LineInbound {

		InboundMessage message(String displayName) {
			return new InboundMessage(new ConversationKey(CHANNEL, this.userId), displayName, this.text, this.postback,
					this.eventId, this.replyToken);
		}

	}

	/**
	 * A sticker, image, video, audio, file or location: content the bot cannot read.
	 *
	 * @param userId the user's LINE id
	 * @param replyToken the event's reply token
	 * @param redelivery whether LINE delivers this event again
	 */
	record Unsupported(String userId, String replyToken, boolean redelivery) implements LineInbound {
	}

	/**
	 * The bot was added to, or mentioned in, a group chat or room.
	 *
	 * @param chatId the group's or room's id
	 * @param replyToken the event's reply token
	 * @param redelivery whether LINE delivers this event again
	 */
	record PrivateChatOnly(String chatId, String replyToken, boolean redelivery) implements LineInbound {
	}

	/**
	 * An event the bot has nothing to say about.
	 *
	 * @param what a short description for the log
	 */
	record Ignored(String what) implements LineInbound {
	}

}
