package com.careerconcierge.handoff.web;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.careerconcierge.consultation.InvalidMessageException;
import com.careerconcierge.handoff.AgentAccounts;
import com.careerconcierge.handoff.AgentAccounts.Account;
import com.careerconcierge.handoff.Assignments;
import com.careerconcierge.handoff.Assignments.AgentLoad;
import com.careerconcierge.handoff.CannedReplies;
import com.careerconcierge.handoff.HandoffException;
import com.careerconcierge.handoff.HandoffProperties;
import com.careerconcierge.handoff.Handoffs;
import com.careerconcierge.handoff.Handoffs.Note;
import com.careerconcierge.handoff.Handoffs.Viewer;
import com.careerconcierge.handoff.web.AgentController.HandoffView;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent desk around the conversations: who is signed in and their state, private
 * notes, the person's earlier handoffs, canned replies, search; for supervisors (the
 * security chain lets only them through) the agents with their load, reassignment,
 * changes to canned replies, and the agents' accounts.
 */
@RestController
class DeskController {

	private static final int MAX_NOTE = 2000;

	private final Handoffs handoffs;

	private final Assignments assignments;

	private final AgentAccounts accounts;

	private final CannedReplies canned;

	private final HandoffProperties properties;

	private final Clock clock;

	DeskController(Handoffs handoffs, Assignments assignments, AgentAccounts accounts, CannedReplies canned,
			HandoffProperties properties, Clock clock) {
		this.handoffs = handoffs;
		this.assignments = assignments;
		this.accounts = accounts;
		this.canned = canned;
		this.properties = properties;
		this.clock = clock;
	}

	/** Who is signed in, and the token the console sends with every change. */
	@GetMapping("/api/agent/me")
	Me me(@AuthenticationPrincipal Agent agent, CsrfToken csrf) {
		return new Me(agent.name(), this.properties.shownName(agent.name()), agent.supervisor(),
				this.assignments.state(agent.name()).name().toLowerCase(java.util.Locale.ROOT),
				this.properties.awayAfter().toSeconds(), csrf.getHeaderName(), csrf.getToken());
	}

	record Me(String login, String name, boolean supervisor, String state, long awayAfterSeconds, String csrfHeader,
			String csrfToken) {
	}

	/** The agent is back at the console ({@code online}) or steps away ({@code away}). */
	@PostMapping(path = "/api/agent/presence", consumes = "application/json")
	Map<String, String> presence(@AuthenticationPrincipal Agent agent, @RequestBody JsonNode body) {
		String state = text(body, "state");
		if (!"online".equals(state) && !"away".equals(state)) {
			throw new InvalidMessageException("The body must be {\"state\": \"online\"} or {\"state\": \"away\"}");
		}
		this.assignments.setAway(agent.name(), "away".equals(state));
		return Map.of("state", this.assignments.state(agent.name()).name().toLowerCase(java.util.Locale.ROOT));
	}

	@GetMapping("/api/agent/handoffs/{id}/notes")
	List<Note> notes(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return this.handoffs.notes(id, viewer(agent));
	}

	@PostMapping(path = "/api/agent/handoffs/{id}/notes", consumes = "application/json")
	ResponseEntity<Note> addNote(@AuthenticationPrincipal Agent agent, @PathVariable String id,
			@RequestBody JsonNode body) {
		String text = text(body, "text");
		if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > MAX_NOTE) {
			throw new InvalidMessageException(
					"The body must be {\"text\": \"…\"} with 1 to " + MAX_NOTE + " characters");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(this.handoffs.addNote(id, viewer(agent), text.strip()));
	}

	@GetMapping("/api/agent/handoffs/{id}/earlier")
	List<HandoffView> earlier(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		long now = this.clock.millis();
		return this.handoffs.earlier(id, viewer(agent)).stream().map((h) -> HandoffView.of(h, now)).toList();
	}

	/** The canned replies filled in for this handoff's user. */
	@GetMapping("/api/agent/handoffs/{id}/canned")
	Map<String, String> cannedFor(@AuthenticationPrincipal Agent agent, @PathVariable String id) {
		return this.canned.filled(this.handoffs.get(id, viewer(agent)).summary());
	}

	@GetMapping("/api/agent/handoffs/search")
	List<HandoffView> search(@AuthenticationPrincipal Agent agent, @RequestParam String q) {
		if (q.isBlank() || q.length() > 100) {
			throw new InvalidMessageException("'q' must have 1 to 100 characters");
		}
		long now = this.clock.millis();
		return this.handoffs.search(q, viewer(agent), 50).stream().map((h) -> HandoffView.of(h, now)).toList();
	}

	@GetMapping("/api/agent/canned")
	Map<String, String> canned() {
		return this.canned.all();
	}

	@PutMapping(path = "/api/agent/canned/{shortcut}", consumes = "application/json")
	Map<String, String> putCanned(@PathVariable String shortcut, @RequestBody JsonNode body) {
		try {
			this.canned.put(shortcut, text(body, "text"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(ex.getMessage());
		}
		return this.canned.all();
	}

	@DeleteMapping("/api/agent/canned/{shortcut}")
	ResponseEntity<Void> deleteCanned(@PathVariable String shortcut) {
		return this.canned.delete(shortcut) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/** Every agent with their state and load (supervisors). */
	@GetMapping("/api/agent/agents")
	List<AgentLoad> agents() {
		return this.assignments.agents();
	}

	/** A supervisor gives a waiting conversation to an agent. */
	@PostMapping("/api/agent/handoffs/{id}/assign")
	HandoffView assign(@PathVariable String id, @RequestParam String to) {
		return HandoffView.of(this.assignments.reassign(id, to), this.clock.millis());
	}

	@GetMapping("/api/agent/accounts")
	List<AccountView> accounts() {
		return this.accounts.all().stream().map(AccountView::of).toList();
	}

	@PostMapping(path = "/api/agent/accounts", consumes = "application/json")
	ResponseEntity<AccountView> createAccount(@RequestBody AccountChange body) {
		if (body == null || body.login() == null) {
			throw new InvalidMessageException("The body needs a login and a password");
		}
		boolean created;
		try {
			created = this.accounts.create(body.login(), body.password(), Boolean.TRUE.equals(body.supervisor()),
					body.skills(), body.capacity());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(ex.getMessage());
		}
		if (!created) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, "The login " + body.login() + " is taken");
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(AccountView.of(this.accounts.find(body.login()).orElseThrow()));
	}

	@PutMapping(path = "/api/agent/accounts/{login}", consumes = "application/json")
	AccountView updateAccount(@PathVariable String login, @RequestBody AccountChange body) {
		try {
			return this.accounts.update(login, body.password(), body.supervisor(), body.skills(), body.capacity())
				.map(AccountView::of)
				.orElseThrow(() -> new HandoffException(HandoffException.Reason.UNKNOWN, "No agent " + login));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(ex.getMessage());
		}
	}

	@DeleteMapping("/api/agent/accounts/{login}")
	ResponseEntity<Void> deleteAccount(@AuthenticationPrincipal Agent agent, @PathVariable String login) {
		if (login.equals(agent.name())) {
			throw new HandoffException(HandoffException.Reason.CONFLICT, "You cannot delete your own account");
		}
		return this.accounts.delete(login) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/** An account as supervisors see it: never the password's hash. */
	record AccountView(String login, boolean supervisor, List<String> skills, int capacity) {

		static AccountView of(Account account) {
			return new AccountView(account.login(), account.supervisor(), account.skills(), account.capacity());
		}

	}

	record AccountChange(String login, String password, Boolean supervisor, List<String> skills, Integer capacity) {

		@Override
		public String toString() {
			return "AccountChange[" + this.login + "]";
		}

	}

	private static String text(JsonNode body, String field) {
		JsonNode value = (body != null) ? body.get(field) : null;
		return (value != null && value.isTextual()) ? value.textValue() : null;
	}

	private static Viewer viewer(Agent agent) {
		return new Viewer(agent.name(), agent.supervisor());
	}

}
