package com.careerconcierge.consultation;

import java.time.Duration;

import org.springframework.lang.Nullable;

/**
 * How one call to a platform went, as a channel reports it to the outbox.
 *
 * @param outcome what happened
 * @param after how long the platform asked us to wait ({@code retry_after}), or null to
 * back off by the outbox's policy
 * @param why a short reason for a retry or a refusal (no user text, no token)
 */
public record Attempt(Outcome outcome, @Nullable Duration after, @Nullable String why) {

	private static final Attempt DELIVERED = new Attempt(Outcome.DELIVERED, null, null);

	/** The platform accepted the message. */
	public static Attempt delivered() {
		return DELIVERED;
	}

	/**
	 * Worth trying again later: a 429, a 5xx, a timeout.
	 * @param after the platform's {@code retry_after}, or null
	 * @param why the reason, for the log
	 */
	public static Attempt retry(@Nullable Duration after, String why) {
		return new Attempt(Outcome.RETRY, after, why);
	}

	/**
	 * The platform will never take it (the user blocked the bot, the chat is gone): the
	 * message is parked where agents see it.
	 * @param why the reason
	 */
	public static Attempt refused(String why) {
		return new Attempt(Outcome.REFUSED, null, why);
	}

	/** What happened to a call. */
	public enum Outcome {

		DELIVERED, RETRY, REFUSED

	}

}
