package com.careerconcierge.handoff;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.careerconcierge.consultation.AgentSide;
import com.careerconcierge.handoff.AgentAccounts.Account;
import com.careerconcierge.handoff.WaitEstimates.Desk;
import com.careerconcierge.handoff.internal.RedisAgentEvents;
import com.careerconcierge.handoff.internal.RedisHandoffs;

import org.springframework.lang.Nullable;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Who takes which waiting conversation, and what waiting users are told. A waiting
 * handoff is assigned to the available agent with the fewest open conversations under
 * their capacity, agents who know the user's target role first; if the assignee has not
 * taken it within {@code reassign-after}, or is no longer available, it is offered to the
 * next agent it has not been offered to. Assigning does not claim: every agent still sees
 * the queue, and a manual claim still has exactly one winner. Each waiting user is told
 * their place and an estimated wait when either changes, at most once per
 * {@code queue-update-every}.
 * <p>
 * An agent is online while a console of theirs is connected and used within
 * {@code away-after}, away when they said so or left it untouched longer, offline when no
 * console is connected. One instance at a time does the rounds (a short Redis lock).
 */
public class Assignments {

	private static final Logger log = LoggerFactory.getLogger(Assignments.class);

	private static final Duration LOCK = Duration.ofSeconds(10);

	private final RedisHandoffs store;

	private final AgentAccounts accounts;

	private final RedisAgentEvents events;

	private final AgentSide consultation;

	private final HandoffProperties properties;

	private final Clock clock;

	private final WaitEstimates estimates;

	Assignments(RedisHandoffs store, AgentAccounts accounts, RedisAgentEvents events, AgentSide consultation,
			HandoffProperties properties, WaitEstimates estimates, Clock clock) {
		this.estimates = estimates;
		this.store = store;
		this.accounts = accounts;
		this.events = events;
		this.consultation = consultation;
		this.properties = properties;
		this.clock = clock;
	}

	/** Where an agent stands. */
	public enum State {

		ONLINE, AWAY, OFFLINE

	}

	/**
	 * An agent as the supervisor view shows them.
	 *
	 * @param login their login
	 * @param name the name users see
	 * @param state online, away or offline
	 * @param open the conversations they hold or are assigned
	 * @param capacity how many they are given at most
	 * @param skills the target roles they know best
	 * @param supervisor whether they are a supervisor
	 */
	public record AgentLoad(String login, String name, State state, int open, int capacity, List<String> skills,
			boolean supervisor) {
	}

	/** Every agent with an account, with their state and load. */
	public List<AgentLoad> agents() {
		Desk desk = this.estimates.desk(this.store.list("waiting", 500), this.clock.millis());
		List<AgentLoad> agents = new ArrayList<>();
		for (Account account : desk.accounts) {
			agents.add(new AgentLoad(account.login(), this.properties.shownName(account.login()),
					state(desk.connected, account.login()), desk.load(account.login()), account.capacity(),
					account.skills(), account.supervisor()));
		}
		return agents;
	}

	/** The state of one agent. */
	public State state(String login) {
		return state(this.estimates.connected(this.clock.millis()), login);
	}

	/** The agent says they are away, or back. */
	public void setAway(String login, boolean away) {
		this.store.away(login, away);
		if (!away) {
			this.store.touch(login, this.clock.millis());
		}
		this.events.publish(
				new AgentEvent("agent.presence", null, null, login, away ? "away" : "online", this.clock.millis()));
	}

	/**
	 * A supervisor gives a waiting handoff to an agent.
	 * @throws HandoffException UNKNOWN, CONFLICT if it is not waiting any more, INVALID
	 * for an unknown agent
	 */
	public Handoff reassign(String id, String to) {
		if (this.accounts.find(to).isEmpty()) {
			throw new HandoffException(HandoffException.Reason.INVALID, "No agent " + to);
		}
		Handoff handoff = this.store.find(id);
		if (handoff == null) {
			throw new HandoffException(HandoffException.Reason.UNKNOWN, "No handoff " + id);
		}
		if (handoff.status() != HandoffStatus.WAITING
				|| !this.store.assign(id, handoff.assignee(), to, this.clock.millis())) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, "Handoff " + id + " is not waiting any more");
		}
		log.info("Handoff {} reassigned to {} by a supervisor", id, to);
		this.events.publish("handoff.assigned", id, handoff.conversation(), to, null);
		return this.store.find(id);
	}

	/**
	 * One round: assigns what waits, and tells waiting users where they stand.
	 */
	@Scheduled(fixedDelayString = "${concierge.handoff.desk-check:2s}",
			initialDelayString = "${concierge.handoff.desk-check:2s}")
	public void rounds() {
		if (this.store.waitingCount() == 0) {
			return; // nothing to assign or tell: no lock, nothing written
		}
		if (!this.store.lock("assigning", LOCK)) {
			return; // another instance is doing this round
		}
		try {
			long now = this.clock.millis();
			List<Handoff> waiting = this.store.list("waiting", 500);
			if (waiting.isEmpty()) {
				return;
			}
			Desk desk = this.estimates.desk(waiting, now);
			for (Handoff handoff : waiting) {
				assign(handoff, desk, now);
			}
			tell(waiting, desk, now);
		}
		catch (RuntimeException ex) {
			log.warn("The assignment round failed: {}", ex.toString());
		}
		finally {
			this.store.unlock("assigning");
		}
	}

	private void assign(Handoff handoff, Desk desk, long now) {
		String current = handoff.assignee();
		if (current != null && !desk.lapsed(handoff)) {
			return;
		}
		Set<String> passed = new HashSet<>(handoff.queue().offered());
		if (current != null) {
			passed.add(current);
		}
		Account next = pick(handoff, desk, passed);
		if (next == null && current != null && !desk.available(current)) {
			// everyone was offered it: start again with whoever is there, but not the
			// one who is gone
			next = pick(handoff, desk, Set.of(current));
		}
		if (next == null || next.login().equals(current)) {
			return;
		}
		if (this.store.assign(handoff.id(), current, next.login(), now)) {
			desk.load.merge(next.login(), 1, Integer::sum);
			if (current != null) {
				desk.load.merge(current, -1, Integer::sum);
				log.info("Handoff {} offered to {}: {} did not take it", handoff.id(), next.login(), current);
			}
			else {
				log.info("Handoff {} assigned to {}", handoff.id(), next.login());
			}
			this.events.publish("handoff.assigned", handoff.id(), handoff.conversation(), next.login(), null);
		}
	}

	@Nullable
	private static Account pick(Handoff handoff, Desk desk, Set<String> passed) {
		String role = handoff.summary().targetRole();
		return desk.available.stream()
			.filter((account) -> !passed.contains(account.login()))
			.filter((account) -> desk.load(account.login()) < account.capacity())
			.min(Comparator.comparing((Account account) -> !knows(account, role))
				.thenComparing((account) -> desk.load(account.login()))
				.thenComparing(Account::login))
			.orElse(null);
	}

	private static boolean knows(Account account, @Nullable String role) {
		if (role == null) {
			return false;
		}
		String wanted = role.toLowerCase(Locale.ROOT);
		return account.skills()
			.stream()
			.map((skill) -> skill.toLowerCase(Locale.ROOT))
			.anyMatch((skill) -> wanted.contains(skill) || skill.contains(wanted));
	}

	private void tell(List<Handoff> waiting, Desk desk, long now) {
		long every = this.properties.queueUpdateEvery().toMillis();
		for (int i = 0; i < waiting.size(); i++) {
			Handoff handoff = waiting.get(i);
			int position = i + 1;
			int minutes = desk.estimate(position);
			Handoff.Queueing told = handoff.queue();
			if (told.toldPosition() == position && told.toldMinutes() == minutes) {
				continue;
			}
			if (told.toldAt() > 0 && now - told.toldAt() < every) {
				continue;
			}
			this.store.markTold(handoff.id(), position, minutes, now);
			try {
				this.consultation.queueUpdate(handoff.conversation(), position, (minutes > 0) ? minutes : null);
			}
			catch (RuntimeException ex) {
				log.info("Could not tell {} their place: {}", handoff.conversation(), ex.getMessage());
			}
		}
	}

	private static State state(Map<String, Boolean> connected, String login) {
		Boolean available = connected.get(login);
		return (available == null) ? State.OFFLINE : available ? State.ONLINE : State.AWAY;
	}

}
