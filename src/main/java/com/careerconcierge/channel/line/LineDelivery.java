package com.careerconcierge.channel.line;

import java.util.List;

import com.careerconcierge.consultation.ChannelDelivery;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Reply;

import org.springframework.lang.Nullable;

/**
 * Sends an agent's messages (and other later replies) to a LINE user with the push API:
 * no reply token is valid by then. Pushes count against the channel's monthly quota.
 */
class LineDelivery implements ChannelDelivery {

	private final LineSender sender;

	LineDelivery(LineSender sender) {
		this.sender = sender;
	}

	@Override
	public String channel() {
		return LineInbound.CHANNEL;
	}

	@Override
	public void deliver(ConversationKey conversation, List<Reply> replies, @Nullable String agent) {
		this.sender.push(conversation.userId(), replies);
	}

}
