package com.careerconcierge.handoff.web;

import java.util.List;

import com.careerconcierge.consultation.AgentSide;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.DeadLetter;
import com.careerconcierge.consultation.Reply;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Messages the outbox gave up on (the user blocked the bot, the platform refused them or
 * was down past the deadline), newest first, so an agent can reach the user another way.
 * A web-chat user's id is shown shortened, as everywhere agents look.
 */
@RestController
@RequestMapping("/api/agent/undelivered")
class UndeliveredController {

	private static final int MAX = 200;

	private final AgentSide consultation;

	UndeliveredController(AgentSide consultation) {
		this.consultation = consultation;
	}

	@GetMapping
	Undelivered list(@RequestParam(defaultValue = "50") int limit) {
		int max = Math.max(1, Math.min(limit, MAX));
		return new Undelivered(this.consultation.undelivered(max).stream().map(Entry::of).toList());
	}

	record Undelivered(List<Entry> messages) {
	}

	/**
	 * One parked message as agents see it.
	 *
	 * @param channel the user's channel
	 * @param userId the user, shortened on the web chat
	 * @param id the message's place in the conversation's outbox
	 * @param at when the turn committed it
	 * @param parkedAt when it was given up
	 * @param reason why
	 * @param replies what it said
	 * @param agent who wrote it, or null for the bot
	 */
	record Entry(String channel, String userId, long id, long at, long parkedAt, String reason, List<Reply> replies,
			String agent) {

		static Entry of(DeadLetter letter) {
			String shown = new ConversationKey(letter.channel(), letter.userId()).shownId();
			return new Entry(letter.channel(), shown, letter.id(), letter.at(), letter.parkedAt(), letter.reason(),
					letter.replies(), letter.agent());
		}

	}

}
