package com.careerconcierge.channel.telegram;

import java.util.List;

import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;

import org.springframework.lang.Nullable;

/**
 * Sends an agent's messages (and other later replies) to a Telegram chat; any instance
 * can, since it is a plain Bot API call.
 */
class TelegramDelivery implements ChannelDelivery {

	private final TelegramSender sender;

	TelegramDelivery(TelegramSender sender) {
		this.sender = sender;
	}

	@Override
	public String channel() {
		return TelegramUpdates.CHANNEL;
	}

	@Override
	public void deliver(ConversationKey conversation, List<Reply> replies, @Nullable String agent) {
		this.sender.send(Long.parseLong(conversation.userId()), replies);
	}

}
