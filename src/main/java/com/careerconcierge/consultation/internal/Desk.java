package com.careerconcierge.consultation.internal;

import java.util.function.Supplier;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.AgentDesk.HandoffRequest;
import com.careerconcierge.consultation.AgentDesk.QueueTicket;
import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.ConversationKey;

/**
 * The agent desk as one turn sees it: bound to the turn's conversation, called while the
 * user's lock is held. Without a desk (no handoff module) requests are answered as if an
 * agent were free, and nothing else happens.
 */
final class Desk {

	private final AgentDesk desk;

	private final ConversationKey conversation;

	private final Supplier<Summary> summary;

	Desk(AgentDesk desk, ConversationKey conversation, Supplier<Summary> summary) {
		this.desk = desk;
		this.conversation = conversation;
		this.summary = summary;
	}

	ConversationKey conversation() {
		return this.conversation;
	}

	QueueTicket requested() {
		return (this.desk != null) ? this.desk.requested(new HandoffRequest(this.conversation, this.summary.get()))
				: new QueueTicket(1, null, true, null);
	}

	void cancelled() {
		if (this.desk != null) {
			this.desk.cancelled(this.conversation);
		}
	}

	void userWrote(String text) {
		if (this.desk != null) {
			this.desk.userWrote(this.conversation, text);
		}
	}

	void rated(int rating, String comment) {
		if (this.desk != null) {
			this.desk.rated(this.conversation, rating, comment);
		}
	}

	void forgotten() {
		if (this.desk != null) {
			this.desk.forgotten(this.conversation);
		}
	}

}
