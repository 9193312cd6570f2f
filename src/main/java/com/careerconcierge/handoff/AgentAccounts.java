package com.careerconcierge.handoff;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.lang.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.StringUtils;

/**
 * The console's agents: login, password (only its hash is stored, by Spring Security's
 * delegating encoder, so a stronger encoding can replace it later), role, the roles they
 * know best and how many conversations they take at once. Kept in one Redis hash,
 * {@code cc:{handoffs}:accounts}, login to JSON.
 * <p>
 * {@code AGENT_ACCOUNTS} ({@code name:password[:supervisor],…}) creates each account it
 * names once, at the first start that names it; from then on supervisors manage them in
 * the console, and a restart does not undo a changed password. With no account at all
 * (local mode) one supervisor, {@code agent}, is created with a random password that is
 * printed once, the way Spring Boot prints its generated password.
 */
public class AgentAccounts {

	private static final Logger log = LoggerFactory.getLogger(AgentAccounts.class);

	static final String KEY = "cc:{handoffs}:accounts";

	private static final String SUPERVISOR = ":supervisor";

	private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

	/** Shorter passwords are refused, from configuration and from the console alike. */
	public static final int MIN_PASSWORD = 12;

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final PasswordEncoder encoder;

	private final int defaultCapacity;

	public AgentAccounts(StringRedisTemplate redis, ObjectMapper json, PasswordEncoder encoder,
			HandoffProperties properties) {
		this.redis = redis;
		this.json = json;
		this.encoder = encoder;
		this.defaultCapacity = properties.capacity();
		seed(properties.agentAccounts());
	}

	/**
	 * One agent's account.
	 *
	 * @param login what they sign in with
	 * @param password the encoded password
	 * @param supervisor whether they see and manage everything
	 * @param skills the target roles they know best (経理, 人事, …)
	 * @param capacity how many open conversations they are given at most
	 */
	public record Account(String login, String password, boolean supervisor, List<String> skills, int capacity) {

		public Account {
			skills = (skills != null) ? List.copyOf(skills) : List.of();
		}

		@Override
		public String toString() {
			return "Account[" + this.login + (this.supervisor ? ", supervisor" : "") + "]";
		}

	}

	public Optional<Account> find(String login) {
		Object stored = this.redis.opsForHash().get(KEY, login);
		return Optional.ofNullable((stored != null) ? read(login, (String) stored) : null);
	}

	/** Every account, by login. */
	public List<Account> all() {
		List<Account> accounts = new ArrayList<>();
		for (Map.Entry<Object, Object> entry : this.redis.opsForHash().entries(KEY).entrySet()) {
			accounts.add(read((String) entry.getKey(), (String) entry.getValue()));
		}
		accounts.sort(Comparator.comparing(Account::login));
		return accounts;
	}

	/**
	 * Creates an account.
	 * @return false if the login is taken
	 * @throws IllegalArgumentException for a malformed login or a short password
	 */
	public boolean create(String login, String password, boolean supervisor, List<String> skills,
			@Nullable Integer capacity) {
		checkLogin(login);
		checkPassword(password);
		Account account = new Account(login, this.encoder.encode(password), supervisor, clean(skills),
				capacity(capacity));
		return Boolean.TRUE.equals(this.redis.opsForHash().putIfAbsent(KEY, login, write(account)));
	}

	/**
	 * Changes an account; what is null stays as it is.
	 * @return the account as changed, or empty if there is none
	 */
	public Optional<Account> update(String login, @Nullable String password, @Nullable Boolean supervisor,
			@Nullable List<String> skills, @Nullable Integer capacity) {
		Optional<Account> current = find(login);
		if (current.isEmpty()) {
			return current;
		}
		Account account = current.get();
		if (password != null) {
			checkPassword(password);
		}
		Account changed = new Account(login, (password != null) ? this.encoder.encode(password) : account.password(),
				(supervisor != null) ? supervisor : account.supervisor(),
				(skills != null) ? clean(skills) : account.skills(),
				(capacity != null) ? capacity(capacity) : account.capacity());
		this.redis.opsForHash().put(KEY, login, write(changed));
		return Optional.of(changed);
	}

	public boolean delete(String login) {
		Long removed = this.redis.opsForHash().delete(KEY, login);
		return removed != null && removed > 0;
	}

	private void seed(@Nullable String configured) {
		if (!StringUtils.hasText(configured)) {
			Long size = this.redis.opsForHash().size(KEY);
			if (size == null || size == 0) {
				byte[] bytes = new byte[12];
				new SecureRandom().nextBytes(bytes);
				String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
				if (create("agent", password, true, List.of(), null)) {
					log.warn("AGENT_ACCOUNTS is not set (local mode): sign in to the console as 'agent' with "
							+ "password {}", password);
				}
			}
			return;
		}
		int position = 0;
		for (String part : configured.split(",")) {
			position++;
			String entry = part.strip();
			boolean supervisor = entry.endsWith(SUPERVISOR);
			if (supervisor) {
				entry = entry.substring(0, entry.length() - SUPERVISOR.length());
			}
			int colon = entry.indexOf(':');
			if (colon <= 0 || colon == entry.length() - 1) {
				throw new IllegalArgumentException(
						"AGENT_ACCOUNTS entries must be name:password[:supervisor] (entry " + position + " is not)");
			}
			String login = entry.substring(0, colon).strip();
			if (this.redis.opsForHash().hasKey(KEY, login)) {
				continue; // created at an earlier start; the console owns it now
			}
			try {
				if (create(login, entry.substring(colon + 1), supervisor, List.of(), null)) {
					log.info("Created the agent account '{}' from AGENT_ACCOUNTS", login);
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("AGENT_ACCOUNTS entry " + position + ": " + ex.getMessage());
			}
		}
	}

	private int capacity(@Nullable Integer capacity) {
		if (capacity == null) {
			return this.defaultCapacity;
		}
		if (capacity < 1 || capacity > 50) {
			throw new IllegalArgumentException("capacity must be between 1 and 50");
		}
		return capacity;
	}

	private static List<String> clean(@Nullable List<String> skills) {
		if (skills == null) {
			return List.of();
		}
		List<String> cleaned = skills.stream()
			.filter((skill) -> skill != null && !skill.isBlank())
			.map(String::strip)
			.distinct()
			.toList();
		if (cleaned.size() > 10 || cleaned.stream().anyMatch((skill) -> skill.length() > 20)) {
			throw new IllegalArgumentException("at most 10 skills of up to 20 characters each");
		}
		return cleaned;
	}

	private static void checkLogin(String login) {
		if (login == null || !LOGIN.matcher(login).matches()) {
			throw new IllegalArgumentException(
					"a login is 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
	}

	private static void checkPassword(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD
				|| password.length() > 200) {
			throw new IllegalArgumentException("a password has " + MIN_PASSWORD + " to 200 characters");
		}
	}

	private Account read(String login, String stored) {
		try {
			Stored value = this.json.readValue(stored, Stored.class);
			return new Account(login, value.password(), value.supervisor(), value.skills(),
					(value.capacity() > 0) ? value.capacity() : this.defaultCapacity);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("The stored account of '" + login + "' is not readable", ex);
		}
	}

	private String write(Account account) {
		try {
			return this.json.writeValueAsString(
					new Stored(account.password(), account.supervisor(), account.skills(), account.capacity()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Stored(String password, boolean supervisor, List<String> skills, int capacity) {
	}

}
