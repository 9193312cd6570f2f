package com.careerconcierge.consultation;

import java.util.Objects;

/**
 * Identifies one user on one channel, e.g. {@code telegram:12345} or {@code web:3q2x…}.
 *
 * @param channel the channel's short name
 * @param userId the user's id on that channel
 */
public record ConversationKey(String channel, String userId) {

	public ConversationKey {
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(userId, "userId");
	}

	/**
	 * The Redis Cluster hash tag that all of this user's keys share.
	 * @return e.g. {@code {telegram:12345}}
	 */
	public String hashTag() {
		return "{" + this + "}";
	}

	@Override
	public String toString() {
		return this.channel + ":" + this.userId;
	}

}
