package com.careerconcierge.consultation;

import java.util.List;

import org.springframework.lang.Nullable;

/**
 * Sends replies to a user outside the request that carried their message (an agent's
 * message, a follow-up). Each channel provides one.
 */
public interface ChannelDelivery {

	/**
	 * The channel this delivers to.
	 * @return e.g. {@code telegram}
	 */
	String channel();

	/**
	 * Delivers replies to the user.
	 * @param conversation the user
	 * @param replies what to send
	 * @param agent the agent's name when an agent wrote them, null when the bot did
	 */
	void deliver(ConversationKey conversation, List<Reply> replies, @Nullable String agent);

}
