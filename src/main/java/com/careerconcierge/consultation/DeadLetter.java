package com.careerconcierge.consultation;

import java.util.List;

import org.springframework.lang.Nullable;

/**
 * A message the outbox could not deliver: parked, counted and shown to agents, never
 * dropped silently.
 *
 * @param channel the user's channel
 * @param userId the user (shortened for the web chat, whose ids are credentials)
 * @param id the message's id in the conversation's outbox
 * @param at when it was committed (epoch milliseconds)
 * @param parkedAt when it was given up (epoch milliseconds)
 * @param reason why (the platform's answer, or the deadline)
 * @param replies what it said
 * @param agent the agent who wrote it, or null
 */
public record DeadLetter(String channel, String userId, long id, long at, long parkedAt, String reason,
		List<Reply> replies, @Nullable String agent) {

}
