package com.careerconcierge.consultation.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.careerconcierge.consultation.ConversationKey;
import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.Understanding.ChoiceOption;
import com.careerconcierge.consultation.Understanding.MissedMessage;
import com.careerconcierge.consultation.Understanding.TaughtWord;
import com.careerconcierge.consultation.Understanding.VocabularyChange;
import com.careerconcierge.consultation.UnderstandingProperties;
import com.careerconcierge.consultation.VocabularyException;
import com.careerconcierge.consultation.VocabularyException.Reason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.lang.Nullable;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The advisors' review loop: keeps the messages the bot missed (bounded, expiring,
 * deleted with the user's data on {@code /forget}), and teaches the {@link Vocabulary}
 * the words advisors attach to choices. A change is validated like the script file,
 * stored with who made it and when, and announced to every instance, which switch to the
 * new words at once (and check for a change they missed every half minute).
 */
public class Teaching implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(Teaching.class);

	/** The longest text kept of a missed message, with its ellipsis when cut. */
	private static final int MAX_KEPT = 200;

	/** The shortest synonym, in letters. */
	private static final int MIN_WORD = 2;

	private final RedisVocabulary store;

	private final Vocabulary vocabulary;

	private final Wording wording;

	private final UnderstandingProperties properties;

	private final Clock clock;

	private final ObjectMapper json;

	Teaching(RedisVocabulary store, Vocabulary vocabulary, Wording wording, UnderstandingProperties properties,
			Clock clock, ObjectMapper json) {
		this.store = store;
		this.vocabulary = vocabulary;
		this.wording = wording;
		this.properties = properties;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Keeps a missed message for the advisors. A failure is logged, never passed on: the
	 * user's turn is committed already.
	 * @param user who typed it
	 * @param miss what they typed, where
	 */
	void missed(ConversationKey user, Miss miss) {
		String normalised = JapaneseText.normalise(miss.text());
		if (normalised.isEmpty()) {
			return;
		}
		String text = cut(miss.text(), MAX_KEPT);
		String candidates = miss.candidates().stream().map(Postback::payload).collect(Collectors.joining(","));
		String suggested = (miss.suggested() != null) ? miss.suggested().payload() : "";
		try {
			this.store.missed(user, id(miss.stage(), normalised), this.clock.millis(), text, miss.stage().name(),
					candidates, suggested, this.properties.missedTtl().toSeconds(), this.properties.maxMissed());
		}
		catch (RuntimeException ex) {
			log.warn("Could not keep a missed message of {} for the advisors: {}", user, ex.toString());
		}
	}

	/**
	 * Deletes the user's part in the missed messages.
	 * @param user the user
	 */
	void forget(ConversationKey user) {
		this.store.forget(user);
	}

	/** How many missed messages are kept. */
	public long missedCount() {
		return this.store.missedCount();
	}

	public List<MissedMessage> missed(int max) {
		List<MissedMessage> missed = new ArrayList<>();
		for (Map.Entry<String, Map<String, String>> entry : this.store.missed(max)) {
			missed.add(missedMessage(entry.getKey(), entry.getValue()));
		}
		return missed;
	}

	public void dismiss(String id) {
		if (id == null || !ID.matcher(id).matches() || !this.store.dismiss(id)) {
			throw new VocabularyException(Reason.UNKNOWN, "No missed message " + id + " is kept.");
		}
		log.info("A missed message was dismissed");
	}

	public TaughtWord teach(String choice, String word, String kind, String agent, @Nullable String missedId) {
		Postback postback = choice(choice);
		boolean example = example(kind);
		String taught = word(word, example);
		TextMatcher<Postback> current = this.vocabulary.matcher();
		List<Postback> sameKind = Wording.optionsOf(this.wording.script())
			.keySet()
			.stream()
			.filter((other) -> other.kind() == postback.kind() || GlobalCommands.ALL.contains(other))
			.toList();
		JapaneseText.Heard heard = JapaneseText.hear(taught);
		List<Postback> selected = current.mentioned(heard, sameKind);
		if (!selected.isEmpty()) {
			String labels = selected.stream()
				.map((other) -> "『" + this.wording.label(other.payload()) + "』")
				.collect(Collectors.joining("、"));
			throw new VocabularyException(Reason.CONFLICT, "「" + taught + "」 already selects " + labels + ".");
		}
		if (example) {
			// an example the bot would already act on as another choice would fight it
			this.vocabulary.examples()
				.best(heard.terms(), sameKind)
				.filter((scored) -> !scored.key().equals(postback) && scored.confidence() >= Dialogue.ACT)
				.ifPresent((scored) -> {
					throw new VocabularyException(Reason.CONFLICT, "「" + taught + "」 already reads as 『"
							+ this.wording.label(scored.key().payload()) + "』 from its examples.");
				});
		}
		Lesson lesson = new Lesson(postback, example, taught);
		List<Lesson> lessons = new ArrayList<>(lessons(this.store.taught()));
		lessons.add(lesson);
		try {
			this.vocabulary.with(lessons);
		}
		catch (ScriptLoader.InvalidScriptException ex) {
			throw new VocabularyException(Reason.INVALID, ex.getMessage());
		}
		long at = this.clock.millis();
		long version = this.store.change(field(lesson), at + " " + agent, change(at, agent, "taught", lesson), true);
		if (version == 0) {
			throw new VocabularyException(Reason.CONFLICT, "「" + taught + "」 is taught already.");
		}
		if (missedId != null && !missedId.isBlank()) {
			this.store.dismiss(missedId);
		}
		log.info("{} taught {} {} for {} (version {})", agent, example ? "an" : "a", lesson.kind(), postback.payload(),
				version);
		refresh();
		return new TaughtWord(option(postback), lesson.kind(), taught, agent, at);
	}

	public void unteach(String choice, String kind, String word, String agent) {
		Lesson lesson = new Lesson(choice(choice), example(kind), (word != null) ? word.strip() : "");
		long at = this.clock.millis();
		long version = this.store.change(field(lesson), "", change(at, agent, "removed", lesson), false);
		if (version == 0) {
			throw new VocabularyException(Reason.UNKNOWN,
					"「" + lesson.text() + "」 is not a taught " + lesson.kind() + " of " + choice + ".");
		}
		log.info("{} removed a taught {} of {} (version {})", agent, lesson.kind(), choice, version);
		refresh();
	}

	public List<TaughtWord> taught() {
		Map<Postback, ChoiceOption> order = new LinkedHashMap<>();
		choices().forEach((option) -> Postback.parse(option.postback()).ifPresent((p) -> order.put(p, option)));
		List<TaughtWord> words = new ArrayList<>();
		this.store.taught().words().forEach((field, value) -> {
			Lesson lesson = lesson(field);
			if (lesson != null && order.containsKey(lesson.choice())) {
				String[] meta = value.split(" ", 2);
				words.add(new TaughtWord(order.get(lesson.choice()), lesson.kind(), lesson.text(),
						(meta.length > 1) ? meta[1] : "", number(meta[0])));
			}
		});
		List<ChoiceOption> ranks = new ArrayList<>(order.values());
		words.sort(java.util.Comparator.comparingInt((TaughtWord word) -> ranks.indexOf(word.choice()))
			.thenComparingLong(TaughtWord::at));
		return words;
	}

	public List<VocabularyChange> history(int max) {
		List<VocabularyChange> changes = new ArrayList<>();
		for (String entry : this.store.history(max)) {
			try {
				Change change = this.json.readValue(entry, Change.class);
				ChoiceOption choice = Postback.parse(change.choice())
					.filter((postback) -> this.wording.option(postback).isPresent())
					.map(this::option)
					.orElse(new ChoiceOption(change.choice(), change.choice(), "gone"));
				changes.add(new VocabularyChange(change.at(), change.by(), change.action(), choice, change.kind(),
						change.word()));
			}
			catch (JsonProcessingException ex) {
				log.warn("Skipping an unreadable history entry: {}", ex.getOriginalMessage());
			}
		}
		return changes;
	}

	public List<ChoiceOption> choices() {
		return Wording.optionsOf(this.wording.script()).keySet().stream().map(this::option).toList();
	}

	/** Another instance changed the taught words. */
	@Override
	public void onMessage(Message message, @Nullable byte[] pattern) {
		refresh();
	}

	/** Picks up a change whose announcement this instance missed (or a start-up). */
	@Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
	void check() {
		try {
			if (this.store.version() != this.vocabulary.version()) {
				refresh();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not check the taught words: {}", ex.toString());
		}
	}

	/** Reads the taught words and uses them, if they changed. */
	synchronized void refresh() {
		try {
			RedisVocabulary.Taught taught = this.store.taught();
			this.vocabulary.use(taught.version(), lessons(taught));
		}
		catch (ScriptLoader.InvalidScriptException ex) {
			log.error("The taught words break the script; keeping those in use: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the taught words: {}", ex.toString());
		}
	}

	/**
	 * What was taught, in a stable order, without entries for choices the script lost.
	 */
	private List<Lesson> lessons(RedisVocabulary.Taught taught) {
		return taught.words()
			.keySet()
			.stream()
			.sorted()
			.map(Teaching::lesson)
			.filter((lesson) -> lesson != null && this.wording.option(lesson.choice()).isPresent())
			.toList();
	}

	/** A taught word's field: {@code <postback> <kind> <text>}. */
	private static String field(Lesson lesson) {
		return lesson.choice().payload() + " " + lesson.kind() + " " + lesson.text();
	}

	@Nullable
	private static Lesson lesson(String field) {
		String[] parts = field.split(" ", 3);
		if (parts.length < 3 || !(parts[1].equals(Lesson.SYNONYM) || parts[1].equals(Lesson.EXAMPLE))) {
			return null;
		}
		return Postback.parse(parts[0])
			.map((postback) -> new Lesson(postback, parts[1].equals(Lesson.EXAMPLE), parts[2]))
			.orElse(null);
	}

	private static boolean example(@Nullable String kind) {
		if (kind == null || kind.equals(Lesson.SYNONYM)) {
			return false;
		}
		if (kind.equals(Lesson.EXAMPLE)) {
			return true;
		}
		throw new VocabularyException(Reason.INVALID, "A word is taught as synonym or example, not " + kind + ".");
	}

	private MissedMessage missedMessage(String id, Map<String, String> fields) {
		List<ChoiceOption> candidates = Arrays.stream(fields.getOrDefault("candidates", "").split(","))
			.map(Postback::parse)
			.flatMap(Optional::stream)
			.filter((postback) -> this.wording.option(postback).isPresent())
			.map(this::option)
			.toList();
		ChoiceOption suggested = Postback.parse(fields.getOrDefault("suggested", ""))
			.filter((postback) -> this.wording.option(postback).isPresent())
			.map(this::option)
			.orElse(null);
		Stage stage;
		try {
			stage = Stage.valueOf(fields.getOrDefault("stage", ""));
		}
		catch (IllegalArgumentException ex) {
			stage = Stage.WELCOME;
		}
		return new MissedMessage(id, fields.getOrDefault("text", ""), stage, number(fields.get("count")),
				number(fields.get("first")), number(fields.get("last")), candidates, suggested);
	}

	private Postback choice(String choice) {
		Postback postback = Optional.ofNullable(choice)
			.flatMap(Postback::parse)
			.filter((known) -> this.wording.option(known).isPresent())
			.orElseThrow(() -> new VocabularyException(Reason.UNKNOWN, "There is no choice " + choice + "."));
		if (GlobalCommands.ALL.contains(postback)) {
			// a word of a command that works everywhere would win over every choice
			throw new VocabularyException(Reason.INVALID,
					"Words are taught for the choices of a stage, not for " + choice + ".");
		}
		return postback;
	}

	private String word(String word, boolean example) {
		String taught = (word != null) ? word.strip() : "";
		String normalised = JapaneseText.normalise(taught);
		if (normalised.isEmpty()) {
			throw new VocabularyException(Reason.INVALID, "The word is empty.");
		}
		if (!example && normalised.codePointCount(0, normalised.length()) < MIN_WORD) {
			// a one-letter synonym (「の」) would be found in nearly every message
			throw new VocabularyException(Reason.INVALID,
					"A word is at least " + MIN_WORD + " letters long, punctuation not counted.");
		}
		int max = example ? this.properties.maxExampleLength() : this.properties.maxWordLength();
		if (taught.codePointCount(0, taught.length()) > max) {
			throw new VocabularyException(Reason.INVALID,
					"The " + (example ? "example" : "word") + " is longer than " + max + " characters.");
		}
		if (taught.codePoints().anyMatch(Character::isISOControl)) {
			throw new VocabularyException(Reason.INVALID, "The word has a line break or a control character.");
		}
		return taught;
	}

	private ChoiceOption option(Postback postback) {
		return new ChoiceOption(postback.payload(), this.wording.label(postback.payload()),
				postback.kind().name().toLowerCase(java.util.Locale.ROOT));
	}

	private String change(long at, String agent, String action, Lesson lesson) {
		try {
			return this.json.writeValueAsString(
					new Change(at, agent, action, lesson.choice().payload(), lesson.kind(), lesson.text()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What {@link #id} makes. */
	private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9a-f]{16}");

	/** One missed message per stage and normalised text. */
	static String id(Stage stage, String normalised) {
		return RedisVocabulary.digest(stage.name() + "\n" + normalised, 8);
	}

	private static long number(String value) {
		try {
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String cut(String text, int max) {
		return (text.codePointCount(0, text.length()) <= max) ? text
				: text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
	}

	/** A history entry as stored. */
	record Change(long at, String by, String action, String choice, String kind, String word) {
	}

}
