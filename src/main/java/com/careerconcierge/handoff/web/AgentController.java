package com.careerconcierge.handoff.web;

import java.time.Clock;
import java.util.List;

import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.consultation.TranscriptTurn;
import com.careerconcierge.handoff.Handoff;
import com.careerconcierge.handoff.HandoffException;
import com.careerconcierge.handoff.HandoffProperties;
import com.careerconcierge.handoff.HandoffStatus;
import com.careerconcierge.handoff.Handoffs;
import com.careerconcierge.handoff.Handoffs.Viewer;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent API: the queue with the bot's summary, claim, transcript, messages, release,
 * close. An agent sees the waiting queue and their own conversations; a supervisor sees
 * every conversation.
 */
@RestController
@RequestMapping("/api/agent/handoffs")
class AgentController {

	private static final int MAX_TEXT = 2000;

	private final Handoffs handoffs;

	private final Clock clock;

	private final HandoffProperties properties;

	AgentController(Handoffs handoffs, HandoffProperties properties, Clock clock) {
		this.properties = properties;
		this.handoffs = handoffs;
		this.clock = clock;
	}

	@GetMapping
	List<HandoffView> list(@AuthenticationPrincipal Agent agent, @RequestParam(defaultValue = "waiting") String status,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		if (!List.of("waiting", "active", "closed").contains(status)) {
			throw new InvalidMessageException("status must be waiting, active or closed");
		}
		if (outcome != null && !List.of("released", "closed", "cancelled").contains(outcome)) {
			throw new InvalidMessageException("outcome must be released, closed or cancelled");
		}
		long since = day(from, 0);
		long until = day(to, 1);
		long now = this.clock.millis();
		return this.handoffs.list(status, viewer(agent))
			.stream()
			.filter((handoff) -> outcome == null || handoff.status().name().equalsIgnoreCase(outcome))
			.filter((handoff) -> handoff.createdAt() >= since && handoff.createdAt() < until)
			.map((handoff) -> HandoffView.of(handoff, now))
			.toList();
	}

	@GetMapping("/{id}")
	HandoffView get(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return HandoffView.of(this.handoffs.get(id, viewer(agent)), this.clock.millis());
	}

	@PostMapping("/{id}/claim")
	HandoffView claim(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return HandoffView.of(this.handoffs.claim(id, agent.name()), this.clock.millis());
	}

	@GetMapping("/{id}/transcript")
	Transcript transcript(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return new Transcript(id, this.handoffs.transcript(id, viewer(agent)));
	}

	@PostMapping(path = "/{id}/messages", consumes = "application/json")
	HandoffView say(@AuthenticationPrincipal Agent agent, @PathVariable String id, @RequestBody JsonNode body) {
		JsonNode text = (body != null) ? body.get("text") : null;
		if (text == null || !text.isTextual() || text.textValue().isBlank()) {
			throw new InvalidMessageException("The body must be {\"text\": \"…\"} with some text");
		}
		if (text.textValue().codePointCount(0, text.textValue().length()) > MAX_TEXT) {
			throw new InvalidMessageException("The text is longer than " + MAX_TEXT + " characters");
		}
		return HandoffView.of(this.handoffs.say(id, agent.name(), text.textValue().strip()), this.clock.millis());
	}

	@PostMapping("/{id}/release")
	HandoffView release(@AuthenticationPrincipal Agent agent, @PathVariable String id,
			@RequestParam(name = "offer", required = false) String offer) {
		if (offer != null && !offer.equals("booking")) {
			throw new HandoffException(HandoffException.Reason.INVALID, "'offer' can only be 'booking'");
		}
		return HandoffView.of((offer != null) ? this.handoffs.releaseWithBooking(id, agent.name())
				: this.handoffs.release(id, agent.name()), this.clock.millis());
	}

	@PostMapping("/{id}/close")
	HandoffView close(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return HandoffView.of(this.handoffs.close(id, agent.name()), this.clock.millis());
	}

	/** The start of a day (or of the day after) in the agency's zone, in epoch ms. */
	private long day(String date, int plusDays) {
		if (date == null || date.isBlank()) {
			return (plusDays == 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		try {
			return java.time.LocalDate.parse(date.strip())
				.plusDays(plusDays)
				.atStartOfDay(this.properties.zone())
				.toInstant()
				.toEpochMilli();
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidMessageException("from and to are dates like 2026-12-04");
		}
	}

	private static Viewer viewer(Agent agent) {
		return new Viewer(agent.name(), agent.supervisor());
	}

	/**
	 * A handoff as agents see it.
	 */
	record HandoffView(String id, String status, String channel, String userId, String displayName, String agent,
			String stage, Summary summary, long createdAt, long waitingSeconds, int unread, Integer rating,
			String ratingComment, String assignee, long closedAt, String label) {

		static HandoffView of(Handoff handoff, long now) {
			return new HandoffView(handoff.id(), handoff.status().name().toLowerCase(java.util.Locale.ROOT),
					handoff.conversation().channel(), handoff.conversation().shownId(), handoff.summary().displayName(),
					handoff.agent(), handoff.summary().stage().name(), handoff.summary(), handoff.createdAt(),
					handoff.waitingSeconds(now), handoff.unread(), handoff.rating(), handoff.ratingComment(),
					(handoff.status() == HandoffStatus.WAITING) ? handoff.assignee() : null, handoff.closedAt(),
					label(handoff));
		}

		/**
		 * How the console names the user: their name, or a short number that stays the
		 * same for the same person, so two guests are told apart.
		 */
		static String label(Handoff handoff) {
			String name = handoff.summary().displayName();
			if (name != null && !name.isBlank()) {
				return name;
			}
			int number = Math.floorMod(handoff.conversation().id().hashCode(), 9000) + 1000;
			String channel = switch (handoff.conversation().channel()) {
				case "web" -> "Web";
				case "telegram" -> "Telegram";
				case "line" -> "LINE";
				default -> handoff.conversation().channel();
			};
			return "ゲスト " + channel + "-" + number;
		}

	}

	record Transcript(String handoffId, List<TranscriptTurn> turns) {
	}

}
