package com.careerconcierge.handoff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the human handoff.
 *
 * @param agentTokens agents and their bearer tokens, {@code name:token,name:token}
 * ({@code AGENT_TOKENS}); when blank, one token is generated and printed at start-up
 * @param agentAccounts the console's agents and their first passwords,
 * {@code name:password[:supervisor],…} ({@code AGENT_ACCOUNTS}); each is created once, at
 * the first start that names it, and is managed in the console afterwards
 * @param agentNames the names users see, by agent login: {@code sato=佐藤,tanaka=田中}
 * ({@code AGENT_NAMES}); an agent without one is shown by login
 * @param zone the time zone of the business hours
 * @param days the days agents work
 * @param opens when the human queue opens on those days
 * @param closes when it closes
 * @param holidays dates on which nobody works
 * @param followUpAfter how long a handoff may wait unclaimed before the user gets a
 * follow-up
 * @param retention how long handoff records are kept
 * @param capacity how many open conversations an agent is given at most, unless their
 * account says otherwise
 * @param reassignAfter how long an assigned agent may leave a waiting conversation
 * unanswered before it is offered to the next
 * @param awayAfter how long an agent may leave the console untouched before they count as
 * away
 * @param queueUpdateEvery the least time between two position updates to one waiting user
 */
@Validated
@ConfigurationProperties("concierge.handoff")
public record HandoffProperties(String agentTokens, String agentAccounts, String agentNames,
		@DefaultValue("Asia/Tokyo") ZoneId zone, @DefaultValue( {
				"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> days,
		@DefaultValue("09:00") LocalTime opens, @DefaultValue("18:00") LocalTime closes,
		@DefaultValue({}) List<LocalDate> holidays, @DefaultValue("10m") Duration followUpAfter,
		@DefaultValue("30d") Duration retention, @DefaultValue("3") int capacity,
		@DefaultValue("3m") Duration reassignAfter, @DefaultValue("10m") Duration awayAfter,
		@DefaultValue("1m") Duration queueUpdateEvery){

	public HandoffProperties {
		shownNames(agentNames); // refuses to start with a malformed list
	}

	/**
	 * The name users see for an agent.
	 * @param agent the agent's login
	 * @return the configured display name, or the login
	 */
	public String shownName(String agent) {
		return shownNames(this.agentNames).getOrDefault(agent, agent);
	}

	/**
	 * The logins of the configured agents.
	 * @return the names in {@code AGENT_TOKENS} and {@code AGENT_ACCOUNTS}, or
	 * {@code agent} in local mode
	 */
	public List<String> agentLogins() {
		String configured = java.util.stream.Stream.of(this.agentTokens, this.agentAccounts)
			.filter((value) -> value != null && !value.isBlank())
			.collect(java.util.stream.Collectors.joining(","));
		if (configured.isEmpty()) {
			return List.of("agent");
		}
		return java.util.Arrays.stream(configured.split(","))
			.map((entry) -> entry.strip().split(":", 2)[0].strip())
			.filter((name) -> !name.isEmpty())
			.distinct()
			.toList();
	}

	private static Map<String, String> shownNames(String configured) {
		Map<String, String> names = new HashMap<>();
		if (configured == null || configured.isBlank()) {
			return names;
		}
		for (String entry : configured.split(",")) {
			int equals = entry.indexOf('=');
			if (equals <= 0 || entry.substring(equals + 1).isBlank()) {
				throw new IllegalArgumentException(
						"AGENT_NAMES entries must be login=name (got '" + entry.strip() + "')");
			}
			names.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
		}
		return names;
	}
}
