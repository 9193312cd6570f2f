package com.careerconcierge.handoff;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.careerconcierge.handoff.AgentAccounts.Account;
import com.careerconcierge.handoff.internal.RedisHandoffs;

/**
 * How long a waiting user will probably wait: the median of the latest waits for a claim,
 * plus, when more users wait than the available agents can take now, the median handling
 * time for each round of conversations ahead of them.
 */
class WaitEstimates {

	private final RedisHandoffs store;

	private final AgentAccounts accounts;

	private final HandoffProperties properties;

	private final Clock clock;

	WaitEstimates(RedisHandoffs store, AgentAccounts accounts, HandoffProperties properties, Clock clock) {
		this.store = store;
		this.accounts = accounts;
		this.properties = properties;
		this.clock = clock;
	}

	/** Connected agents, and whether each is available (online, not away). */
	Map<String, Boolean> connected(long now) {
		return this.store.connected(now, now - this.properties.awayAfter().toMillis());
	}

	/** Whether an assignment has run out: the assignee is gone or has not answered. */
	boolean lapsed(Handoff handoff, Map<String, Boolean> connected, long now) {
		return !Boolean.TRUE.equals(connected.get(handoff.assignee()))
				|| now - handoff.assignedAt() >= this.properties.reassignAfter().toMillis();
	}

	/**
	 * Open conversations per agent: those they hold, and waiting ones assigned to them
	 * that have not lapsed.
	 */
	Map<String, Integer> load(List<Handoff> active, List<Handoff> waiting, long now, Map<String, Boolean> connected) {
		Map<String, Integer> load = new HashMap<>();
		for (Handoff handoff : active) {
			if (handoff.agent() != null) {
				load.merge(handoff.agent(), 1, Integer::sum);
			}
		}
		for (Handoff handoff : waiting) {
			if (handoff.assignee() != null && !lapsed(handoff, connected, now)) {
				load.merge(handoff.assignee(), 1, Integer::sum);
			}
		}
		return load;
	}

	/**
	 * The estimated wait at a position, in whole minutes; -1 when no agent is available.
	 * @param position 1 for next
	 * @param free conversations the available agents can still take
	 * @param slots conversations they can hold in all
	 */
	int estimate(int position, int free, int slots) {
		if (slots == 0) {
			return -1;
		}
		long wait = median(this.store.durations("waits"), Duration.ofMinutes(2));
		long handled = median(this.store.durations("handled"), Duration.ofMinutes(10));
		long millis = wait;
		if (position > free) {
			long rounds = (position - free + slots - 1) / slots;
			millis += rounds * handled;
		}
		return (int) Math.max(1, (millis + 59_999) / 60_000);
	}

	/** The estimate for a new handoff, before it has been through a round. */
	int estimateNow(int position) {
		long now = this.clock.millis();
		Map<String, Boolean> connected = connected(now);
		List<Account> available = this.accounts.all()
			.stream()
			.filter((account) -> Boolean.TRUE.equals(connected.get(account.login())))
			.toList();
		Map<String, Integer> load = load(this.store.list("active", 500), this.store.list("waiting", 500), now,
				connected);
		int free = 0;
		int slots = 0;
		for (Account account : available) {
			slots += account.capacity();
			free += Math.max(0, account.capacity() - load.getOrDefault(account.login(), 0));
		}
		return estimate(position, free, slots);
	}

	private static long median(List<Long> values, Duration fallback) {
		if (values.isEmpty()) {
			return fallback.toMillis();
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
