package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.careerconcierge.consultation.AgentDesk;
import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.ConsultationEvent;
import com.careerconcierge.consultation.ConversationStateException;
import com.careerconcierge.consultation.Reply;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.UserText;

/**
 * The conversation logic: turns what the user typed or pressed into changes of the
 * session and the bot's replies, using the {@link Script} for every word and the
 * {@link ConsultationMachine} for every change of stage.
 *
 * <p>
 * Every input becomes a postback first: a pressed button is one, and typed text is
 * matched to the buttons on offer (their labels and synonyms) and to the global commands.
 * So typing a button's label works exactly like pressing it, and a button that is not on
 * offer any more (pressed in an old message) changes nothing.
 */
public class Dialogue {

	static final String CONCERN = "concern:";

	static final String STRENGTH = "strength:";

	static final String ROLE = "role:";

	static final String RATING = "rating:";

	static final String COMMAND = "cmd:";

	static final String UNSURE = "unsure";

	static final String STEP_EPISODE = "episode";

	static final String STEP_FIT = "fit";

	static final String STEP_RECOMMEND = "recommend";

	/** Messages the code uses; the script must define each. */
	static final List<String> MESSAGES = List.of("welcome", "welcomeBack", "concernsQuestion", "concernsMore",
			"concernsNeeded", "strengthsQuestion", "strengthsMore", "strengthsNeeded", "episodeQuestion",
			"episodeThanks", "episodeSkipped", "episodeTooShort", "rolesQuestion", "roleChosen", "fitIntro",
			"fitRecommendation", "fitCaution", "planIntro", "planInventory", "planInventoryEpisode",
			"planInventoryNoEpisode", "planMotive", "planSearch", "planInterview", "planInterviewEpisode",
			"planInterviewNoEpisode", "planConcern", "planOutro", "planHint", "completed", "completedHint", "help",
			"resetDone", "unsupportedContent", "textTooLong", "privateChatOnly", "commandStart", "commandReset",
			"commandHelp", "commandAgent", "commandForget", "forgetConfirm", "forgetDone", "forgetCancelled",
			"notUnderstood", "offerAgent", "staleChoice", "agentRequested", "agentQueued", "agentOutOfHours",
			"agentNoneOnline", "agentNoted", "agentJoined", "agentReleased", "agentFollowUp", "agentWaiting",
			"agentCancelled", "ratingQuestion", "ratingThanks");

	/** Commands the code uses; the script must define each. */
	static final List<String> COMMANDS = List.of("begin", "next", "skip", "agent", "cancelAgent", "reset", "help",
			"forget", "forgetConfirm", "forgetCancel", "yes", "no", "accept", "otherRole", "showPlan", "finish");

	/** Commands understood at every stage (except while the user types an episode). */
	private static final List<String> GLOBAL = List.of(commandPostback("agent"), commandPostback("reset"),
			commandPostback("help"), commandPostback("forget"));

	private static final Map<String, String> SLASH_COMMANDS = Map.of("/start", "start", "/reset", "reset", "/help",
			"help", "/forget", "forget", "/agent", "agent");

	private static final java.time.format.DateTimeFormatter OPENS_AT = java.time.format.DateTimeFormatter
		.ofPattern("M月d日(E) H:mm", java.util.Locale.JAPANESE);

	private static final int MIN_EPISODE = 4;

	private static final int MAX_EPISODE = 200;

	private final Script script;

	private final ConsultationMachine machine;

	private final String agencyName;

	private final TextMatcher matcher = new TextMatcher();

	private final ThreadLocal<Desk> desk = new ThreadLocal<>();

	private final Map<String, Script.Option> options = new HashMap<>();

	public Dialogue(Script script, ConsultationMachine machine, String agencyName) {
		this.script = script;
		this.machine = machine;
		this.agencyName = agencyName;
		script.commands().forEach((key, option) -> register(commandPostback(key), option));
		script.concerns().forEach((option) -> register(CONCERN + option.id(), option));
		script.strengths().forEach((option) -> register(STRENGTH + option.id(), option));
		script.roles().forEach((option) -> register(ROLE + option.id(), option));
		script.rating().forEach((option) -> register(RATING + option.id(), option));
	}

	private void register(String postback, Script.Option option) {
		this.options.put(postback, option);
		this.matcher.add(postback, option.label(), option.synonyms());
	}

	static String commandPostback(String key) {
		return COMMAND + key;
	}

	/**
	 * A short notice that changes nothing, with the buttons currently on offer.
	 * @param session the session, or null if the user has none yet
	 * @param key the script message to show
	 * @return the notice
	 */
	public List<Reply> notice(Session session, String key) {
		return List.of(new Reply(message(key), (session != null) ? choices(session) : List.of()));
	}

	/**
	 * The slash commands with their descriptions, for menus such as Telegram's.
	 * @return command (without the slash) to description, in menu order
	 */
	public Map<String, String> commandDescriptions() {
		Map<String, String> commands = new LinkedHashMap<>();
		commands.put("start", message("commandStart"));
		commands.put("reset", message("commandReset"));
		commands.put("help", message("commandHelp"));
		commands.put("agent", message("commandAgent"));
		commands.put("forget", message("commandForget"));
		return commands;
	}

	/**
	 * How a pressed button reads in a transcript.
	 * @param postback the button's payload
	 * @return its label, or the payload itself if the script has no such button
	 */
	public String label(String postback) {
		Script.Option option = this.options.get(postback);
		return (option != null) ? option.label() : postback;
	}

	/**
	 * The first words of a new conversation.
	 * @param session a new session
	 * @return the welcome
	 */
	public List<Reply> welcome(Session session) {
		return prompt(session);
	}

	/**
	 * Answers one message.
	 * @param session the user's session, changed in place
	 * @param text typed text, or null
	 * @param postback pressed button, or null
	 * @return the outcome: replies, and whether anything should be stored
	 */
	public Outcome respond(Session session, String text, String postback, Desk desk) {
		this.desk.set(desk);
		try {
			return respond(session, text, postback);
		}
		finally {
			this.desk.remove();
		}
	}

	private Outcome respond(Session session, String text, String postback) {
		if (session.stage == Stage.WITH_AGENT && !session.confirmingForget
				&& !(text != null && text.strip().toLowerCase(java.util.Locale.ROOT).startsWith("/forget"))) {
			// An agent holds the conversation: the bot says nothing, everything goes to
			// the agent.
			desk().userWrote((text != null) ? text : "[" + label(postback) + "]");
			return Outcome.changed(List.of());
		}
		if (postback != null) {
			if (!GLOBAL.contains(postback) && !offered(session).contains(postback)
					&& !(session.confirmingForget && postback.startsWith(COMMAND + "forget"))) {
				return Outcome.unchanged(List.of(new Reply(message("staleChoice"), choices(session))));
			}
			return Outcome.changed(act(session, postback, null));
		}
		String trimmed = text.strip();
		String slash = SLASH_COMMANDS.get(trimmed.toLowerCase(java.util.Locale.ROOT).split("[\\s@]", 2)[0]);
		if (slash != null) {
			if (slash.equals("start")) {
				return Outcome.changed(start(session));
			}
			return Outcome.changed(act(session, commandPostback(slash), null));
		}
		String normalised = TextMatcher.normalise(trimmed);
		List<String> offered = understood(session);
		String exact = this.matcher.exactLabel(normalised, offered);
		if (exact == null) {
			exact = this.matcher.exactLabel(normalised, GLOBAL);
		}
		if (exact != null) {
			return Outcome.changed(act(session, exact, null));
		}
		if (session.confirmingForget) {
			List<String> answer = this.matcher.mentioned(normalised,
					List.of(commandPostback("forgetConfirm"), commandPostback("forgetCancel")));
			return Outcome
				.changed(act(session, answer.isEmpty() ? commandPostback("forgetCancel") : answer.get(0), null));
		}
		if (STEP_EPISODE.equals(session.step) && session.stage == Stage.STRENGTHS) {
			if (!this.matcher.mentioned(normalised, List.of(commandPostback("agent"))).isEmpty()) {
				return Outcome.changed(act(session, commandPostback("agent"), null));
			}
			return Outcome.changed(episode(session, trimmed));
		}
		List<String> global = this.matcher.mentioned(normalised, GLOBAL);
		if (!global.isEmpty()) {
			return Outcome.changed(act(session, global.get(0), null));
		}
		List<String> mentioned = this.matcher.mentioned(normalised, offered);
		if (mentioned.isEmpty() && session.stage == Stage.WAITING_FOR_AGENT) {
			desk().userWrote(trimmed);
			return Outcome.changed(List.of(new Reply(message("agentNoted"), choices(session))));
		}
		if (mentioned.isEmpty()) {
			return Outcome.changed(misunderstood(session));
		}
		// Several concerns or strengths may be named in one message; a named option beats
		// a
		// command word that happens to appear beside it.
		List<String> picks = mentioned.stream().filter((key) -> !key.startsWith(COMMAND)).toList();
		if (picks.isEmpty()) {
			return Outcome.changed(act(session, mentioned.get(0), null));
		}
		if (session.stage == Stage.CONCERNS || session.stage == Stage.STRENGTHS) {
			return Outcome.changed(act(session, picks.get(0), picks.subList(1, picks.size())));
		}
		return Outcome.changed(act(session, picks.get(0), null));
	}

	private List<Reply> start(Session session) {
		if (session.stage == Stage.WELCOME || session.stage == Stage.WITH_AGENT) {
			return prompt(session);
		}
		List<Reply> replies = new ArrayList<>();
		replies.add(Reply.of(message("welcomeBack")));
		replies.addAll(prompt(session));
		return replies;
	}

	private List<Reply> act(Session session, String postback, List<String> morePicks) {
		session.misses = 0;
		if (session.confirmingForget && !postback.equals(commandPostback("forgetConfirm"))) {
			session.confirmingForget = false;
			if (postback.equals(commandPostback("forgetCancel"))) {
				return with(Reply.of(message("forgetCancelled")), reprompt(session));
			}
		}
		if (postback.startsWith(COMMAND)) {
			return command(session, postback.substring(COMMAND.length()));
		}
		if (postback.startsWith(CONCERN) || postback.startsWith(STRENGTH)) {
			boolean concern = postback.startsWith(CONCERN);
			List<String> chosen = concern ? session.concerns : session.strengths;
			List<Reply> replies = new ArrayList<>();
			List<String> all = new ArrayList<>();
			all.add(postback);
			if (morePicks != null) {
				all.addAll(morePicks);
			}
			for (String pick : all) {
				String id = pick.substring(pick.indexOf(':') + 1);
				if (!chosen.contains(id)) {
					chosen.add(id);
					replies.add(Reply.of(this.options.get(pick).reply()));
				}
			}
			replies.add(new Reply(message(concern ? "concernsMore" : "strengthsMore"), choices(session)));
			return replies;
		}
		if (postback.startsWith(ROLE)) {
			String id = postback.substring(ROLE.length());
			if (id.equals(UNSURE)) {
				session.step = STEP_FIT;
				session.fit.clear();
				return with(Reply.of(message("fitIntro")), prompt(session));
			}
			return chooseRole(session, id);
		}
		if (postback.startsWith(RATING)) {
			session.rating = Integer.valueOf(postback.substring(RATING.length()));
			desk().rated(session.rating);
			this.machine.fire(session, ConsultationEvent.RATED);
			return with(Reply.of(message("ratingThanks")), prompt(session));
		}
		throw new IllegalArgumentException("Unknown postback " + postback);
	}

	private List<Reply> command(Session session, String command) {
		switch (command) {
			case "begin" -> {
				this.machine.fire(session, ConsultationEvent.BEGIN);
				return prompt(session);
			}
			case "next" -> {
				return next(session);
			}
			case "skip" -> {
				session.step = null;
				session.episode = null;
				this.machine.fire(session, ConsultationEvent.CONTINUE);
				return with(Reply.of(message("episodeSkipped")), prompt(session));
			}
			case "yes", "no" -> {
				session.fit.add(command.equals("yes"));
				if (session.fit.size() < this.script.fitCheck().size()) {
					return prompt(session);
				}
				session.recommended = recommend(session.fit);
				session.step = STEP_RECOMMEND;
				List<Reply> replies = new ArrayList<>();
				if (session.fit.stream().filter(Boolean::booleanValue).count() <= 1) {
					replies.add(Reply.of(message("fitCaution")));
				}
				replies.addAll(prompt(session));
				return replies;
			}
			case "accept" -> {
				return chooseRole(session, session.recommended);
			}
			case "otherRole" -> {
				session.step = null;
				return prompt(session);
			}
			case "finish" -> {
				this.machine.fire(session, ConsultationEvent.CONTINUE);
				return List.of(new Reply(message("completed"), choices(session)));
			}
			case "showPlan" -> {
				return plan(session);
			}
			case "agent" -> {
				if (session.stage == Stage.WAITING_FOR_AGENT || session.stage == Stage.WITH_AGENT) {
					return prompt(session);
				}
				this.machine.fire(session, ConsultationEvent.AGENT_REQUESTED);
				return List.of(new Reply(queued(desk().requested()), choices(session)));
			}
			case "cancelAgent" -> {
				this.machine.fire(session, ConsultationEvent.AGENT_CANCELLED);
				desk().cancelled();
				return with(Reply.of(message("agentCancelled")), prompt(session));
			}
			case "reset" -> {
				if (session.stage == Stage.WITH_AGENT) {
					return List.of();
				}
				if (session.stage == Stage.WAITING_FOR_AGENT) {
					desk().cancelled();
				}
				session.clearProfile();
				if (session.stage != Stage.WELCOME) {
					this.machine.fire(session, ConsultationEvent.RESET);
				}
				return with(Reply.of(message("resetDone")), prompt(session));
			}
			case "help" -> {
				return List.of(new Reply(message("help"), choices(session)));
			}
			case "forget" -> {
				session.confirmingForget = true;
				return List.of(new Reply(message("forgetConfirm"),
						List.of(choice(commandPostback("forgetConfirm")), choice(commandPostback("forgetCancel")))));
			}
			case "forgetConfirm" -> {
				if (session.stage == Stage.WAITING_FOR_AGENT || session.stage == Stage.WITH_AGENT) {
					desk().cancelled();
				}
				session.confirmingForget = false;
				session.erase = true;
				return List.of(Reply.of(message("forgetDone")));
			}
			default -> throw new IllegalArgumentException("Unknown command " + command);
		}
	}

	private String queued(AgentDesk.QueueTicket ticket) {
		String queue;
		if (ticket.opensAt() != null) {
			queue = message("agentOutOfHours").replace("{opensAt}", OPENS_AT.format(ticket.opensAt()));
		}
		else if (!ticket.agentOnline()) {
			queue = message("agentNoneOnline");
		}
		else {
			queue = message("agentQueued");
		}
		return message("agentRequested").replace("{queue}",
				queue.replace("{position}", String.valueOf(ticket.position())));
	}

	/**
	 * An agent took the conversation.
	 * @param session the session (waiting for an agent)
	 * @param agent the agent's name
	 * @return what the user is told
	 */
	public List<Reply> agentJoined(Session session, String agent) {
		require(session, Stage.WAITING_FOR_AGENT);
		this.machine.fire(session, ConsultationEvent.AGENT_CLAIMED);
		return List.of(Reply.of(message("agentJoined").replace("{agent}", agent)));
	}

	/**
	 * The agent handed the conversation back: the consultation resumes where it was.
	 * @param session the session (with an agent)
	 * @return what the user is told, ending with the resumed question
	 */
	public List<Reply> agentReleased(Session session) {
		if (session.stage != Stage.WAITING_FOR_AGENT) {
			require(session, Stage.WITH_AGENT);
		}
		this.machine.fire(session, ConsultationEvent.RELEASED);
		session.misses = 0;
		return with(Reply.of(message("agentReleased")), reprompt(session));
	}

	/**
	 * The agent ended the conversation: the bot asks for a rating.
	 * @param session the session (with an agent, or waiting)
	 * @return the rating question
	 */
	public List<Reply> agentClosed(Session session) {
		if (session.stage != Stage.WAITING_FOR_AGENT) {
			require(session, Stage.WITH_AGENT);
		}
		this.machine.fire(session, ConsultationEvent.CLOSED);
		return prompt(session);
	}

	/**
	 * What the bot learned, for the agent.
	 * @param session the session
	 * @return labels rather than ids
	 */
	public AgentDesk.Summary summary(Session session) {
		Stage stage = (session.resume != null) ? session.resume : session.stage;
		return new AgentDesk.Summary(session.name, stage,
				session.concerns.stream()
					.map((id) -> this.script.concern(id).map(Script.Option::label).orElse(id))
					.toList(),
				session.strengths.stream()
					.map((id) -> this.script.strength(id).map(Script.Option::label).orElse(id))
					.toList(),
				session.episode, (session.role != null)
						? this.script.role(session.role).map(Script.Option::label).orElse(session.role) : null);
	}

	private static void require(Session session, Stage stage) {
		if (session.stage != stage) {
			throw new ConversationStateException("The conversation is " + session.stage + ", not " + stage);
		}
	}

	private Desk desk() {
		Desk desk = this.desk.get();
		return (desk != null) ? desk : Desk.NONE;
	}

	/**
	 * The agent desk, bound to the conversation being answered.
	 */
	public interface Desk {

		/** A desk that does nothing (no handoff module). */
		Desk NONE = new Desk() {
		};

		default AgentDesk.QueueTicket requested() {
			return new AgentDesk.QueueTicket(1, null, true);
		}

		default void cancelled() {
		}

		default void userWrote(String text) {
		}

		default void rated(int rating) {
		}

	}

	private List<Reply> next(Session session) {
		if (session.stage == Stage.CONCERNS) {
			if (!this.machine.fire(session, ConsultationEvent.CONTINUE)) {
				return List.of(new Reply(message("concernsNeeded"), choices(session)));
			}
			return prompt(session);
		}
		if (session.strengths.isEmpty()) {
			return List.of(new Reply(message("strengthsNeeded"), choices(session)));
		}
		session.step = STEP_EPISODE;
		return prompt(session);
	}

	private List<Reply> episode(Session session, String text) {
		if (text.codePointCount(0, text.length()) < MIN_EPISODE) {
			return List.of(new Reply(message("episodeTooShort"), choices(session)));
		}
		session.episode = UserText.cut(text, MAX_EPISODE);
		session.step = null;
		this.machine.fire(session, ConsultationEvent.CONTINUE);
		return with(Reply.of(fill(message("episodeThanks"), session)), prompt(session));
	}

	private List<Reply> chooseRole(Session session, String id) {
		session.role = id;
		session.step = null;
		this.machine.fire(session, ConsultationEvent.CONTINUE);
		String description = message("roleChosen") + "\n" + this.script.role(id).orElseThrow().reply();
		return with(Reply.of(fill(description, session)), prompt(session));
	}

	private String recommend(List<Boolean> answers) {
		Map<String, Integer> points = new LinkedHashMap<>();
		this.script.roles()
			.stream()
			.filter((role) -> !role.id().equals(UNSURE))
			.forEach((role) -> points.put(role.id(),
					(this.script.fitBase() != null) ? this.script.fitBase().getOrDefault(role.id(), 0) : 0));
		for (int i = 0; i < answers.size(); i++) {
			if (answers.get(i)) {
				this.script.fitCheck()
					.get(i)
					.weights()
					.forEach((role, weight) -> points.merge(role, weight, Integer::sum));
			}
		}
		// Highest score wins; ties go to the role listed first (the stream keeps
		// encounter order).
		return points.entrySet()
			.stream()
			.max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)
				.thenComparing((entry) -> -indexOfRole(entry.getKey())))
			.orElseThrow()
			.getKey();
	}

	private int indexOfRole(String id) {
		for (int i = 0; i < this.script.roles().size(); i++) {
			if (this.script.roles().get(i).id().equals(id)) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

	private List<Reply> misunderstood(Session session) {
		session.misses++;
		if (session.misses >= 2) {
			List<Choice> choices = new ArrayList<>();
			choices.add(choice(commandPostback("agent")));
			choices.addAll(
					choices(session).stream().filter((c) -> !c.postback().equals(commandPostback("agent"))).toList());
			return List.of(new Reply(message("offerAgent"), choices));
		}
		return with(Reply.of(message("notUnderstood")), reprompt(session));
	}

	/**
	 * The current question again, short: the plan is not repeated in full.
	 */
	private List<Reply> reprompt(Session session) {
		if (session.stage == Stage.NEXT_STEPS) {
			return List.of(new Reply(message("planHint"), choices(session)));
		}
		return prompt(session);
	}

	/**
	 * What the bot asks at the session's current stage and step.
	 * @param session the session
	 * @return the question with its buttons (several messages for the plan)
	 */
	public List<Reply> prompt(Session session) {
		return switch (session.stage) {
			case WELCOME -> List.of(new Reply(fill(message("welcome"), session), choices(session)));
			case CONCERNS ->
				List.of(new Reply(message(session.concerns.isEmpty() ? "concernsQuestion" : "concernsMore"),
						choices(session)));
			case STRENGTHS -> {
				if (STEP_EPISODE.equals(session.step)) {
					yield List.of(new Reply(fill(message("episodeQuestion"), session), choices(session)));
				}
				yield List.of(new Reply(message(session.strengths.isEmpty() ? "strengthsQuestion" : "strengthsMore"),
						choices(session)));
			}
			case TARGET_ROLE -> {
				if (STEP_FIT.equals(session.step)) {
					yield List.of(new Reply(this.script.fitCheck().get(session.fit.size()).text(), choices(session)));
				}
				if (STEP_RECOMMEND.equals(session.step)) {
					yield List.of(new Reply(fill(message("fitRecommendation"), session, session.recommended),
							choices(session)));
				}
				yield List.of(new Reply(message("rolesQuestion"), choices(session)));
			}
			case NEXT_STEPS -> plan(session);
			case COMPLETED -> List.of(new Reply(message("completedHint"), choices(session)));
			case WAITING_FOR_AGENT -> List.of(new Reply(message("agentWaiting"), choices(session)));
			case WITH_AGENT -> List.of();
			case RATING -> List.of(new Reply(message("ratingQuestion"), choices(session)));
		};
	}

	private List<Reply> plan(Session session) {
		String inventory = message("planInventory").replace("{episodeLine}",
				message(session.episode != null ? "planInventoryEpisode" : "planInventoryNoEpisode"));
		String interview = message("planInterview").replace("{episodeInterview}",
				message(session.episode != null ? "planInterviewEpisode" : "planInterviewNoEpisode"));
		List<Reply> replies = new ArrayList<>();
		replies.add(Reply.of(fill(message("planIntro") + "\n\n" + inventory, session)));
		replies.add(Reply.of(fill(message("planMotive"), session)));
		replies.add(Reply.of(fill(message("planSearch") + "\n\n" + interview, session)));
		String closing = message("planOutro");
		if (!session.concerns.isEmpty()) {
			closing = message("planConcern") + "\n\n" + closing;
		}
		replies.add(new Reply(fill(closing, session), choices(session)));
		return replies;
	}

	/**
	 * The buttons offered at the session's current stage and step.
	 * @param session the session
	 * @return the buttons
	 */
	public List<Choice> choices(Session session) {
		List<String> postbacks = offered(session);
		return postbacks.stream().map(this::choice).toList();
	}

	/**
	 * What typed text may select: the buttons on offer, and "next" in the multi-choice
	 * stages even before its button appears, so that the user learns why they cannot move
	 * on yet.
	 */
	private List<String> understood(Session session) {
		List<String> offered = offered(session);
		String next = commandPostback("next");
		if ((session.stage == Stage.CONCERNS || (session.stage == Stage.STRENGTHS && session.step == null))
				&& !session.confirmingForget && !offered.contains(next)) {
			List<String> more = new ArrayList<>(offered);
			more.add(next);
			return more;
		}
		return offered;
	}

	private List<String> offered(Session session) {
		List<String> offered = new ArrayList<>();
		if (session.confirmingForget) {
			return List.of(commandPostback("forgetConfirm"), commandPostback("forgetCancel"));
		}
		switch (session.stage) {
			case WELCOME -> offered.add(commandPostback("begin"));
			case CONCERNS -> {
				this.script.concerns()
					.stream()
					.filter((option) -> !session.concerns.contains(option.id()))
					.forEach((option) -> offered.add(CONCERN + option.id()));
				if (!session.concerns.isEmpty()) {
					offered.add(commandPostback("next"));
				}
			}
			case STRENGTHS -> {
				if (STEP_EPISODE.equals(session.step)) {
					offered.add(commandPostback("skip"));
				}
				else {
					this.script.strengths()
						.stream()
						.filter((option) -> !session.strengths.contains(option.id()))
						.forEach((option) -> offered.add(STRENGTH + option.id()));
					if (!session.strengths.isEmpty()) {
						offered.add(commandPostback("next"));
					}
				}
			}
			case TARGET_ROLE -> {
				if (STEP_FIT.equals(session.step)) {
					offered.add(commandPostback("yes"));
					offered.add(commandPostback("no"));
				}
				else if (STEP_RECOMMEND.equals(session.step)) {
					offered.add(commandPostback("accept"));
					offered.add(commandPostback("otherRole"));
				}
				else {
					this.script.roles().forEach((option) -> offered.add(ROLE + option.id()));
				}
			}
			case NEXT_STEPS -> {
				offered.add(commandPostback("finish"));
				offered.add(commandPostback("reset"));
			}
			case COMPLETED -> {
				offered.add(commandPostback("showPlan"));
				offered.add(commandPostback("reset"));
			}
			case WAITING_FOR_AGENT -> offered.add(commandPostback("cancelAgent"));
			case WITH_AGENT -> {
				return List.of();
			}
			case RATING -> this.script.rating().forEach((option) -> offered.add(RATING + option.id()));
		}
		if (session.stage.isConsultation()) {
			offered.add(commandPostback("agent"));
		}
		return offered;
	}

	private Choice choice(String postback) {
		return new Choice(this.options.get(postback).label(), postback);
	}

	private String message(String key) {
		return this.script.message(key);
	}

	private String fill(String template, Session session) {
		return fill(template, session, session.role);
	}

	private String fill(String template, Session session, String roleId) {
		Optional<Script.Option> role = Optional.ofNullable(roleId).flatMap(this.script::role);
		Optional<Script.Option> strength = session.strengths.stream().findFirst().flatMap(this.script::strength);
		Optional<Script.Option> concern = session.concerns.stream().findFirst().flatMap(this.script::concern);
		String strengths = String.join("・",
				session.strengths.stream()
					.map((id) -> this.script.strength(id).map(Script.Option::label).orElse(id))
					.toList());
		String keywords = role.map((r) -> String.join(" / ", r.keywords().stream().map((k) -> "「" + k + "」").toList()))
			.orElse("");
		String tip = role.map(Script.Option::tip).orElse("");
		return template.replace("{agency}", this.agencyName)
			.replace("{name}", (session.name != null && !session.name.isBlank()) ? session.name + "さん" : "あなた")
			.replace("{role}", role.map(Script.Option::label).orElse(""))
			.replace("{motive}", role.map(Script.Option::motive).orElse(""))
			.replace("{keywords}", keywords)
			.replace("{roleTip}", tip.isEmpty() ? "" : "\n" + tip)
			.replace("{strengths}", strengths)
			.replace("{strength}", strength.map(Script.Option::plan).orElse(""))
			.replace("{episode}", (session.episode != null) ? session.episode : "")
			.replace("{concern}", concern.map(Script.Option::label).orElse(""))
			.replace("{concernTip}", concern.map(Script.Option::plan).orElse(""))
			.strip();
	}

	private static List<Reply> with(Reply first, List<Reply> rest) {
		List<Reply> replies = new ArrayList<>(rest.size() + 1);
		replies.add(first);
		replies.addAll(rest);
		return replies;
	}

	/**
	 * What a message led to.
	 *
	 * @param replies what the bot says
	 * @param changed whether the session changed and must be stored (false for a stale
	 * button)
	 */
	public record Outcome(List<Reply> replies, boolean changed) {

		static Outcome changed(List<Reply> replies) {
			return new Outcome(replies, true);
		}

		static Outcome unchanged(List<Reply> replies) {
			return new Outcome(replies, false);
		}

	}

}
