package com.careerconcierge.handoff;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.AgentDesk.Summary;
import com.careerconcierge.consultation.AgentSide;
import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.ConversationStateException;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.TranscriptTurn;
import com.careerconcierge.consultation.UnknownConversationException;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The agents' side of a conversation: lets one agent at a time take a conversation,
 * relays their messages, and hands the conversation back to the bot or closes it (the
 * queue itself is {@link HandoffDesk}). One owner per conversation is kept in two places
 * that always agree: the consultation's stage (bot, queue, agent) and this handoff's
 * status and agent.
 */
public class Handoffs {

	private static final Logger log = LoggerFactory.getLogger(Handoffs.class);

	private final RedisHandoffs store;

	private final RedisAgentEvents events;

	private final AgentSide consultation;

	private final HandoffProperties properties;

	private final Clock clock;

	private final Funnel funnel;

	private final ObjectMapper json;

	Handoffs(RedisHandoffs store, RedisAgentEvents events, AgentSide consultation, HandoffProperties properties,
			Funnel funnel, ObjectMapper json, Clock clock) {
		this.json = json;
		this.funnel = funnel;
		this.store = store;
		this.events = events;
		this.consultation = consultation;
		this.properties = properties;
		this.clock = clock;
	}

	// The agent's side

	/**
	 * Handoffs by status, as far as the viewer may see them: the waiting queue, and their
	 * own conversations (a supervisor's: all).
	 * @param status {@code waiting}, {@code active} or {@code closed} (every finished
	 * one)
	 * @param viewer who asks
	 * @return the handoffs, oldest waiting first, newest finished first
	 */
	public List<Handoff> list(String status, Viewer viewer) {
		return this.store.list(switch (status) {
			case "waiting" -> "waiting";
			case "active" -> "active";
			case "closed" -> "finished";
			default -> throw new IllegalArgumentException("status must be waiting, active or closed");
		}, 500).stream().filter(viewer::maySee).toList();
	}

	/**
	 * One handoff the viewer may see.
	 * @throws HandoffException UNKNOWN, or FORBIDDEN for another agent's conversation
	 */
	public Handoff get(String id, Viewer viewer) {
		Handoff handoff = get(id);
		if (!viewer.maySee(handoff)) {
			throw new HandoffException(HandoffException.Reason.FORBIDDEN, "Handoff " + id + " is another agent's");
		}
		return handoff;
	}

	Handoff get(String id) {
		Handoff handoff = this.store.find(id);
		if (handoff == null) {
			throw new HandoffException(HandoffException.Reason.UNKNOWN, "No handoff " + id);
		}
		return handoff;
	}

	/**
	 * The agent takes the conversation; exactly one of several agents claiming at once
	 * wins.
	 * @throws HandoffException CONFLICT if another agent has it or it is over
	 */
	public Handoff claim(String id, String agent) {
		Handoff handoff = get(id);
		long result = this.store.claim(id, agent, this.clock.millis());
		if (result == 2) {
			return handoff; // already this agent's
		}
		if (result == 0) {
			throw new HandoffException(HandoffException.Reason.CONFLICT,
					"Handoff " + id + " is already with " + get(id).agent());
		}
		if (result < 0) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, "Handoff " + id + " is over");
		}
		try {
			// The outbox delivers it; users see the agent's display name.
			this.consultation.joined(handoff.conversation(), this.properties.shownName(agent));
		}
		catch (ConversationStateException | UnknownConversationException ex) {
			// The user left the queue while the claim was made: the handoff ends here.
			this.store.finish(id, null, HandoffStatus.CANCELLED, this.clock.millis());
			publish("handoff.cancelled", id, handoff.conversation(), null, null);
			throw new HandoffException(HandoffException.Reason.CONFLICT, "The user is no longer waiting");
		}
		publish("handoff.claimed", id, handoff.conversation(), agent, null);
		long waited = this.clock.millis() - handoff.createdAt();
		this.funnel.waited(handoff.conversation().channel(), waited);
		this.store.recordDuration("waits", waited);
		return get(id);
	}

	/**
	 * The agent writes to the user; the first message to a waiting conversation claims
	 * it.
	 * @throws HandoffException FORBIDDEN if another agent holds it
	 */
	public Handoff say(String id, String agent, String text) {
		Handoff handoff = ownedBy(id, agent);
		if (handoff.status() == HandoffStatus.WAITING) {
			handoff = claim(id, agent);
		}
		this.consultation.said(handoff.conversation(), this.properties.shownName(agent), text);
		this.store.markRead(id);
		long now = this.clock.millis();
		if (this.store.firstReply(id, now)) {
			this.funnel.firstReplied(handoff.conversation().channel(), now - handoff.createdAt());
		}
		publish("agent.message", id, handoff.conversation(), agent, text);
		return get(id);
	}

	/** Back to the bot, which resumes where the user was. */
	public Handoff release(String id, String agent) {
		return finish(id, agent, HandoffStatus.RELEASED, this.consultation::released, "handoff.released");
	}

	/** Back to the bot, which offers the user a meeting with an advisor at once. */
	public Handoff releaseWithBooking(String id, String agent) {
		return finish(id, agent, HandoffStatus.RELEASED, this.consultation::releasedToBooking, "handoff.released");
	}

	/** The conversation ends; the bot asks the user for a rating. */
	public Handoff close(String id, String agent) {
		return finish(id, agent, HandoffStatus.CLOSED, this.consultation::closed, "handoff.closed");
	}

	/**
	 * The conversation as the agent of a handoff sees it: everything up to the handoff's
	 * end (what the user says later belongs to another handoff, or to the bot).
	 */
	public List<TranscriptTurn> transcript(String id, Viewer viewer) {
		Handoff handoff = get(id, viewer);
		if (viewer.name().equals(handoff.agent())) {
			this.store.markRead(id);
		}
		List<TranscriptTurn> turns = this.consultation.transcript(handoff.conversation());
		if (handoff.status().finished() && handoff.closedAt() > 0) {
			return turns.stream().filter((turn) -> turn.at() <= handoff.closedAt()).toList();
		}
		return turns;
	}

	/**
	 * A private note of an agent on a person: seen by agents beside every handoff of that
	 * person, never sent to the user.
	 *
	 * @param agent who wrote it
	 * @param text what they wrote
	 * @param at when (epoch ms)
	 * @param handoffId the handoff it was written in
	 */
	public record Note(String agent, String text, long at, String handoffId) {
	}

	/** The notes on the person of a handoff, oldest first. */
	public List<Note> notes(String id, Viewer viewer) {
		Handoff handoff = get(id, viewer);
		List<Note> notes = new ArrayList<>();
		for (String stored : this.store.notes(handoff.conversation())) {
			try {
				notes.add(this.json.readValue(stored, Note.class));
			}
			catch (JsonProcessingException ex) {
				log.warn("Skipped an unreadable note on handoff {}", id);
			}
		}
		return notes;
	}

	/** Adds a private note on the person of a handoff. */
	public Note addNote(String id, Viewer viewer, String text) {
		Handoff handoff = get(id, viewer);
		Note note = new Note(viewer.name(), text, this.clock.millis(), id);
		try {
			this.store.addNote(handoff.conversation(), this.json.writeValueAsString(note));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		publish("handoff.note", id, handoff.conversation(), viewer.name(), null);
		return note;
	}

	/**
	 * The person's other handoffs, newest first: what they asked before, with whom, and
	 * how it ended.
	 */
	public List<Handoff> earlier(String id, Viewer viewer) {
		Handoff handoff = get(id, viewer);
		List<Handoff> earlier = new ArrayList<>(this.store.findAll(this.store.ofUser(handoff.conversation())));
		earlier.removeIf((other) -> other.id().equals(id));
		earlier.sort(java.util.Comparator.comparingLong(Handoff::createdAt).reversed());
		return earlier;
	}

	/**
	 * Handoffs of the last 30 days the viewer may see whose name, summary or transcript
	 * contains the words (all of them, ignoring width and case), newest first.
	 * @param query the words
	 * @param limit the most to return
	 */
	public List<Handoff> search(String query, Viewer viewer, int limit) {
		List<String> words = java.util.Arrays.stream(normalize(query).split("\\s+"))
			.filter((word) -> !word.isEmpty())
			.toList();
		if (words.isEmpty()) {
			return List.of();
		}
		long since = this.clock.millis() - java.time.Duration.ofDays(30).toMillis();
		List<Handoff> all = new ArrayList<>();
		all.addAll(this.store.list("waiting", 500));
		all.addAll(this.store.list("active", 500));
		all.addAll(this.store.list("finished", 1000));
		all.sort(java.util.Comparator.comparingLong(Handoff::createdAt).reversed());
		List<Handoff> found = new ArrayList<>();
		java.util.Map<ConversationKey, String> transcripts = new java.util.HashMap<>();
		for (Handoff handoff : all) {
			if (found.size() >= limit || handoff.createdAt() < since) {
				continue;
			}
			if (!viewer.maySee(handoff)) {
				continue;
			}
			Summary summary = handoff.summary();
			String about = normalize(String.join(" ", java.util.Objects.toString(summary.displayName(), ""),
					java.util.Objects.toString(summary.targetRole(), ""), String.join(" ", summary.concerns()),
					String.join(" ", summary.strengths()), java.util.Objects.toString(summary.episode(), ""),
					java.util.Objects.toString(handoff.ratingComment(), "")));
			if (words.stream().allMatch(about::contains)) {
				found.add(handoff);
				continue;
			}
			String said = transcripts.computeIfAbsent(handoff.conversation(),
					(conversation) -> normalize(this.consultation.transcript(conversation)
						.stream()
						.map((turn) -> String.valueOf(turn.text()))
						.collect(java.util.stream.Collectors.joining("\n"))));
			if (words.stream().allMatch((word) -> about.contains(word) || said.contains(word))) {
				found.add(handoff);
			}
		}
		return found;
	}

	private static String normalize(String text) {
		return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Who looks at handoffs.
	 *
	 * @param name the agent's name
	 * @param supervisor whether they may see every conversation
	 */
	public record Viewer(String name, boolean supervisor) {

		boolean maySee(Handoff handoff) {
			return this.supervisor || handoff.status() == HandoffStatus.WAITING || this.name.equals(handoff.agent());
		}

	}

	private Handoff finish(String id, String agent, HandoffStatus status, Function<ConversationKey, List<Reply>> action,
			String event) {
		Handoff handoff = ownedBy(id, agent);
		try {
			action.apply(handoff.conversation());
		}
		catch (ConversationStateException ex) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, ex.getMessage());
		}
		long now = this.clock.millis();
		this.store.finish(id, agent, status, now);
		if (handoff.claimedAt() > 0) {
			this.store.recordDuration("handled", now - handoff.claimedAt());
		}
		publish(event, id, handoff.conversation(), agent, null);
		return get(id);
	}

	private Handoff ownedBy(String id, String agent) {
		Handoff handoff = get(id);
		if (handoff.status().finished()) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, "Handoff " + id + " is over");
		}
		if (handoff.status() == HandoffStatus.ACTIVE && !agent.equals(handoff.agent())) {
			throw new HandoffException(HandoffException.Reason.FORBIDDEN, "Handoff " + id + " is with another agent");
		}
		return handoff;
	}

	/** Users who have waited too long unclaimed get one follow-up message. */
	@Scheduled(fixedDelayString = "${concierge.handoff.follow-up-check:30s}")
	public void followUpUnclaimed() {
		long before = this.clock.millis() - this.properties.followUpAfter().toMillis();
		for (String id : this.store.waitingSince(before)) {
			if (this.store.markFollowedUp(id)) {
				Handoff handoff = this.store.find(id);
				if (handoff != null) {
					this.consultation.followUp(handoff.conversation());
				}
			}
		}
	}

	private void publish(String type, String id, ConversationKey conversation, String agent, String text) {
		this.events.publish(type, id, conversation, agent, text);
	}

}
