package com.careerconcierge.handoff.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.StringUtils;

/**
 * The agents and their bearer tokens from {@code AGENT_TOKENS}
 * ({@code name:token[:supervisor],…}). A token is compared with every configured one in
 * constant time, so neither timing nor order tells which part matched. With none
 * configured (local mode) one agent, {@code agent}, gets a random token that is printed
 * once at start-up.
 */
class AgentTokens {

	private static final Logger log = LoggerFactory.getLogger(AgentTokens.class);

	private static final String SUPERVISOR = ":supervisor";

	private final List<Entry> entries = new ArrayList<>();

	AgentTokens(String configured) {
		if (!StringUtils.hasText(configured)) {
			byte[] bytes = new byte[24];
			new SecureRandom().nextBytes(bytes);
			String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			this.entries.add(new Entry(new Agent("agent", true), digest(token)));
			log.warn("AGENT_TOKENS is not set (local mode): the agent console token for 'agent' is {}", token);
			return;
		}
		for (String pair : configured.split(",")) {
			String entry = pair.strip();
			boolean supervisor = entry.endsWith(SUPERVISOR);
			if (supervisor) {
				entry = entry.substring(0, entry.length() - SUPERVISOR.length());
			}
			int colon = entry.indexOf(':');
			if (colon <= 0 || colon == entry.length() - 1) {
				throw new IllegalArgumentException("AGENT_TOKENS entries must be name:token[:supervisor] (entry "
						+ (this.entries.size() + 1) + " is not)");
			}
			String name = entry.substring(0, colon).strip();
			String token = entry.substring(colon + 1).strip();
			if (token.length() < 16) {
				throw new IllegalArgumentException(
						"AGENT_TOKENS: the token of '" + name + "' is shorter than 16 characters");
			}
			this.entries.add(new Entry(new Agent(name, supervisor), digest(token)));
		}
	}

	/**
	 * The agent a bearer token belongs to.
	 * @param token the presented token
	 * @return the agent, if the token is valid
	 */
	Optional<Agent> agentFor(String token) {
		byte[] presented = digest(token);
		Agent match = null;
		for (Entry entry : this.entries) {
			if (MessageDigest.isEqual(entry.digest(), presented) && match == null) {
				match = entry.agent();
			}
		}
		return Optional.ofNullable(match);
	}

	/** Hashing first makes every comparison the same length, whatever was presented. */
	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Entry(Agent agent, byte[] digest) {
	}

}
