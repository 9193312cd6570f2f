package com.careerconcierge.handoff;

import java.time.Clock;
import java.time.ZonedDateTime;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.handoff.internal.BusinessHours;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue, as the consultation reaches it: a request for a person is queued (and every
 * agent told at once), the user stops waiting, writes to the agents, rates, or has
 * everything deleted. Called while the user's lock is held; it uses only the handoff
 * store, so the consultation and the handoff depend on each other in one direction only.
 */
class HandoffDesk implements AgentDesk {

	private static final Logger log = LoggerFactory.getLogger(HandoffDesk.class);

	private final RedisHandoffs store;

	private final RedisAgentEvents events;

	private final BusinessHours hours;

	private final Clock clock;

	private final WaitEstimates estimates;

	HandoffDesk(RedisHandoffs store, RedisAgentEvents events, BusinessHours hours, WaitEstimates estimates,
			Clock clock) {
		this.estimates = estimates;
		this.store = store;
		this.events = events;
		this.hours = hours;
		this.clock = clock;
	}

	@Override
	public QueueTicket requested(HandoffRequest request) {
		long now = this.clock.millis();
		String id = this.store.open(request.conversation(), knownAs(request), now);
		ZonedDateTime opensAt = this.hours.opensAt(this.clock.instant());
		boolean online = this.store.anyoneOnline(now);
		publish("handoff.created", id, request.conversation(), null, null);
		log.info("Handoff {} queued for {}", id, request.conversation());
		int position = this.store.position(id);
		int minutes = (opensAt == null && online) ? this.estimates.estimateNow(position) : -1;
		this.store.markTold(id, position, minutes, now);
		return new QueueTicket(position, opensAt, online, (minutes > 0) ? minutes : null);
	}

	/**
	 * The request's summary, with the name the person gave in an earlier handoff when
	 * they have not given it this time: the agent sees the same person, not a new guest.
	 */
	private Summary knownAs(HandoffRequest request) {
		Summary summary = request.summary();
		if (summary.displayName() != null && !summary.displayName().isBlank()) {
			return summary;
		}
		return this.store.findAll(this.store.ofUser(request.conversation()))
			.stream()
			.filter((earlier) -> earlier.summary().displayName() != null)
			.max(java.util.Comparator.comparingLong(Handoff::createdAt))
			.map((earlier) -> new Summary(earlier.summary().displayName(), summary.stage(), summary.concerns(),
					summary.strengths(), summary.episode(), summary.targetRole()))
			.orElse(summary);
	}

	@Override
	public void cancelled(ConversationKey conversation) {
		String id = this.store.latest(conversation);
		if (id != null && this.store.finish(id, null, HandoffStatus.CANCELLED, this.clock.millis()) == 1) {
			publish("handoff.cancelled", id, conversation, null, null);
		}
	}

	@Override
	public void userWrote(ConversationKey conversation, String text) {
		String id = this.store.latest(conversation);
		if (id != null) {
			this.store.userWrote(id);
			Handoff handoff = this.store.find(id);
			// the holder's name goes with the event: the text is for them (and
			// supervisors) only
			publish("user.message", id, conversation, (handoff != null) ? handoff.agent() : null, text);
		}
	}

	@Override
	public void forgotten(ConversationKey conversation) {
		for (String id : this.store.forget(conversation)) {
			publish("handoff.deleted", id, conversation, null, null);
		}
	}

	@Override
	public void rated(ConversationKey conversation, int rating, String comment) {
		String id = this.store.latest(conversation);
		if (id != null) {
			this.store.rate(id, rating, comment);
			publish("handoff.rated", id, conversation, null, String.valueOf(rating));
		}
	}

	private void publish(String type, String id, ConversationKey conversation, String agent, String text) {
		this.events.publish(type, id, conversation, agent, text);
	}

}
