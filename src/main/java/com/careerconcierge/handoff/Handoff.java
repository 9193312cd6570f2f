package com.careerconcierge.handoff;

import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConversationKey;

import org.springframework.lang.Nullable;

/**
 * One request of a user for a person, from the queue to its end.
 *
 * @param id the handoff's id
 * @param conversation the user
 * @param status where it stands
 * @param agent the agent who holds or held it
 * @param summary what the bot learned before the request
 * @param createdAt when the user asked (epoch ms)
 * @param claimedAt when an agent took it (epoch ms), or 0
 * @param closedAt when it ended (epoch ms), or 0
 * @param unread user messages the agent has not seen
 * @param rating the user's 1–5 rating after a close
 * @param ratingComment what the user wrote with the rating, or null
 * @param queue who it is assigned to, and what the waiting user was last told
 */
public record Handoff(String id, ConversationKey conversation, HandoffStatus status, @Nullable String agent,
		Summary summary, long createdAt, long claimedAt, long closedAt, int unread, @Nullable Integer rating,
		@Nullable String ratingComment, Queueing queue) {

	/** The agent a waiting handoff is assigned to, or the last one it was assigned to. */
	@Nullable
	public String assignee() {
		return this.queue.assignee();
	}

	/** When it was assigned to them (epoch ms), or 0. */
	public long assignedAt() {
		return this.queue.assignedAt();
	}

	/**
	 * A handoff's place in the queue.
	 *
	 * @param assignee the agent it is (or was last) assigned to, or null
	 * @param assignedAt when (epoch ms), or 0
	 * @param offered the agents it was assigned to and who left it unanswered
	 * @param toldPosition the position the user was last told, or -1
	 * @param toldMinutes the estimate they were last told (-1: none), or -1
	 * @param toldAt when they were last told (epoch ms), or -1
	 */
	public record Queueing(@Nullable String assignee, long assignedAt, java.util.Set<String> offered, int toldPosition,
			int toldMinutes, long toldAt) {
	}

	/**
	 * How long the user has waited (or waited) for an agent.
	 * @param now epoch ms
	 * @return seconds
	 */
	public long waitingSeconds(long now) {
		long end = (this.claimedAt > 0) ? this.claimedAt : (this.closedAt > 0) ? this.closedAt : now;
		return Math.max(0, (end - this.createdAt) / 1000);
	}

}
