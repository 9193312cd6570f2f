package com.careerconcierge.consultation;

import java.util.Objects;

/**
 * Identifies one user on one channel, e.g. {@code telegram:12345} or {@code web:3q2x…}. A
 * web-chat user id is the chat's only credential, so it is shown shortened wherever
 * people or logs see it ({@link #toString()}, {@link #shownId()}); only Redis keys use it
 * whole ({@link #id()}).
 *
 * @param channel the channel's short name
 * @param userId the user's id on that channel
 */
public record ConversationKey(String channel, String userId) {

	/** The channel whose user ids are credentials (the web chat's session ids). */
	private static final String SECRET_IDS = "web";

	private static final int SHOWN = 6;

	public ConversationKey {
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(userId, "userId");
	}

	/**
	 * The whole id, for storage keys only.
	 * @return e.g. {@code telegram:12345}
	 */
	public String id() {
		return this.channel + ":" + this.userId;
	}

	/**
	 * The Redis Cluster hash tag that all of this user's keys share.
	 * @return e.g. {@code {telegram:12345}}
	 */
	public String hashTag() {
		return "{" + id() + "}";
	}

	/**
	 * The user id as agents and logs may see it: whole, except a web session id, of which
	 * only the start is shown.
	 * @return e.g. {@code 12345} or {@code 3q2xAb…}
	 */
	public String shownId() {
		if (SECRET_IDS.equals(this.channel) && this.userId.length() > SHOWN) {
			return this.userId.substring(0, SHOWN) + "…";
		}
		return this.userId;
	}

	@Override
	public String toString() {
		return this.channel + ":" + shownId();
	}

}
