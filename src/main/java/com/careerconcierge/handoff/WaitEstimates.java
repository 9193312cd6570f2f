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
 * The desk as one moment sees it — who is available and how loaded — and how long a
 * waiting user will probably wait: the median of the latest waits for a claim, plus, when
 * more users wait than the available agents can take now, the median handling time for
 * each round of conversations ahead of them.
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

	/**
	 * Reads the desk once: the agents, who is connected, their load, the recent waits and
	 * handling times.
	 * @param waiting the waiting handoffs, oldest first
	 * @param now epoch ms
	 */
	Desk desk(List<Handoff> waiting, long now) {
		return new Desk(this.accounts.all(), connected(now), this.store.list("active", 500), waiting, now,
				median(this.store.durations("waits"), Duration.ofMinutes(2)),
				median(this.store.durations("handled"), Duration.ofMinutes(10)),
				this.properties.reassignAfter().toMillis());
	}

	/** The estimate for a new handoff, before it has been through a round. */
	int estimateNow(int position) {
		return desk(this.store.list("waiting", 500), this.clock.millis()).estimate(position);
	}

	private static long median(List<Long> values, Duration fallback) {
		if (values.isEmpty()) {
			return fallback.toMillis();
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	/**
	 * The desk at one moment. The load counts open conversations per agent: those they
	 * hold, and waiting ones assigned to them that have not lapsed; a round that assigns
	 * updates it as it goes.
	 */
	static final class Desk {

		final List<Account> accounts;

		final List<Account> available;

		final Map<String, Boolean> connected;

		final Map<String, Integer> load = new HashMap<>();

		private final long now;

		private final long wait;

		private final long handled;

		private final long reassignAfter;

		Desk(List<Account> accounts, Map<String, Boolean> connected, List<Handoff> active, List<Handoff> waiting,
				long now, long wait, long handled, long reassignAfter) {
			this.accounts = accounts;
			this.connected = connected;
			this.available = accounts.stream()
				.filter((account) -> Boolean.TRUE.equals(connected.get(account.login())))
				.toList();
			this.now = now;
			this.wait = wait;
			this.handled = handled;
			this.reassignAfter = reassignAfter;
			for (Handoff handoff : active) {
				if (handoff.agent() != null) {
					this.load.merge(handoff.agent(), 1, Integer::sum);
				}
			}
			for (Handoff handoff : waiting) {
				if (handoff.assignee() != null && !lapsed(handoff)) {
					this.load.merge(handoff.assignee(), 1, Integer::sum);
				}
			}
		}

		int load(String login) {
			return this.load.getOrDefault(login, 0);
		}

		boolean available(String login) {
			return Boolean.TRUE.equals(this.connected.get(login));
		}

		/**
		 * Whether an assignment has run out: the assignee is gone or has not answered.
		 */
		boolean lapsed(Handoff handoff) {
			return !available(handoff.assignee()) || this.now - handoff.assignedAt() >= this.reassignAfter;
		}

		/**
		 * The estimated wait at a position, in whole minutes; -1 when no agent is
		 * available.
		 * @param position 1 for next
		 */
		int estimate(int position) {
			int free = 0;
			int slots = 0;
			for (Account account : this.available) {
				slots += account.capacity();
				free += Math.max(0, account.capacity() - load(account.login()));
			}
			if (slots == 0) {
				return -1;
			}
			long millis = this.wait;
			if (position > free) {
				long rounds = (position - free + slots - 1) / slots;
				millis += rounds * this.handled;
			}
			return (int) Math.max(1, (millis + 59_999) / 60_000);
		}

	}

}
