package com.careerconcierge.handoff;

import org.springframework.lang.Nullable;

/**
 * Something every connected agent should learn at once: a new handoff, a user's message,
 * a claim, a release or a close. Crosses instances through Redis pub/sub.
 *
 * @param type {@code handoff.created}, {@code user.message}, {@code agent.message},
 * {@code handoff.claimed}, {@code handoff.released}, {@code handoff.closed},
 * {@code handoff.cancelled}, {@code handoff.rated}, {@code handoff.assigned} (to the
 * agent named), {@code agent.presence} (the agent's new state as text)
 * @param handoffId the handoff
 * @param channel the user's channel
 * @param agent the agent involved, if any
 * @param text the message, for message events
 * @param at epoch ms
 */
public record AgentEvent(String type, @Nullable String handoffId, @Nullable String channel, @Nullable String agent,
		@Nullable String text, long at) {
}
