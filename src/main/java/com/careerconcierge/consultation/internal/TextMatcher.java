package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import com.careerconcierge.consultation.internal.JapaneseText.Heard;

/**
 * Finds which choices a typed message means. A choice's words (its label and synonyms)
 * are found in the message as written, as read (so kana, katakana, half-width and kanji
 * spellings meet) or in base form (始めます meets 始める); see {@link JapaneseText}. A mention
 * followed by a negation or contrast (「総務より」, 「人事は向いてない」, 「経理じゃなくて」) is not a choice but
 * a {@link Mentions#negated() negated} one.
 */
final class TextMatcher<K> {

	/**
	 * What follows a mention and takes it back (as written and as read). Searched in the
	 * few characters after the word, up to the next mention or clause.
	 */
	private static final List<String> NEGATIONS = List.of("じゃな", "ではな", "でわな", "でなく", "以外", "いがい", "より", "無理", "むり",
			"苦手", "にがて", "興味がな", "興味はな", "興味な", "きょうみがな", "きょうみはな", "きょうみな", "向いてな", "向いていな", "むいてな", "むいていな", "嫌",
			"いや", "きらい", "たくな", "やめ");

	/**
	 * What takes a worry back: for a worry, 「したくない」 or 「嫌」 is the worry itself, only "not
	 * worried" is not.
	 */
	private static final List<String> NOT_WORRIED = List.of("気にならな", "きにならな", "気にしてな", "きにしてな", "心配ない", "心配なく",
			"しんぱいない", "心配してな", "しんぱいしてな", "平気", "へいき", "問題ない", "問題なく", "もんだいない", "問題じゃな", "問題ではな", "大丈夫", "だいじょうぶ",
			"不安はな", "ふあんはな", "より");

	/**
	 * What marks one of several positive mentions as the preferred one (「経理もいいけど人事の
	 * ほうがいい」).
	 */
	private static final List<String> PREFERENCES = List.of("ほうがいい", "方がいい", "方が良", "ほうがよ", "ほうが向いて", "方が向いて", "ほうがむいて",
			"ほうが好き", "方が好き", "ほうがすき", "ほうが興味", "方が興味", "ほうがやりたい", "方がやりたい", "ほうが気にな", "方が気にな");

	/**
	 * A negation taken back (「嫌いじゃない」, 「苦手ではない」): what it follows is chosen, not negated.
	 */
	private static final List<String> DOUBLE_NEGATIONS = List.of("嫌いじゃな", "嫌いではな", "嫌じゃな", "嫌ではな", "きらいじゃな", "いやじゃな",
			"苦手じゃな", "苦手ではな", "にがてじゃな", "無理じゃな", "無理ではな", "むりじゃな");

	/** Words that hold a negation's letters without being one (「経理でいいや」). */
	private static final List<String> NOT_NEGATIONS = List.of("いいや", "よいや");

	/** Where a clause ends: a negation after it belongs to something else. */
	private static final List<String> CLAUSE_ENDS = List.of("けど", "けれど", "ので", "から", "でも", "だが", "ただ");

	/** How far after a word its negation may be. */
	private static final int SCOPE = 10;

	/** A reading this short matches too much by chance; such words match as written. */
	private static final int MIN_READING = 3;

	/**
	 * How alike (Dice over character pairs of the readings) a word must be to suggest.
	 */
	private static final double SUGGEST = 0.5;

	private final Map<K, List<Heard>> wordsByKey = new LinkedHashMap<>();

	private final Map<K, String> labels = new LinkedHashMap<>();

	/** Each word's key and count of character pairs, for {@link #closest}. */
	private final List<K> pairWordKeys = new ArrayList<>();

	private final List<Integer> pairWordSizes = new ArrayList<>();

	/**
	 * For each pair of characters, the words (indexes into the lists above) that have it.
	 */
	private final Map<Integer, List<Integer>> wordsByPair = new java.util.HashMap<>();

	private final Set<K> worries = new HashSet<>();

	/** Keys of which one is chosen (roles): only among them does a preference decide. */
	private final Set<K> exclusive = new HashSet<>();

	/**
	 * Registers the words that select a key.
	 * @param key what a match returns, e.g. a postback
	 * @param label the button label, which always selects it
	 * @param synonyms further words that select it
	 */
	public void add(K key, String label, List<String> synonyms) {
		add(key, label, synonyms, false);
	}

	/**
	 * Registers the words that select a key.
	 * @param key what a match returns, e.g. a postback
	 * @param label the button label, which always selects it
	 * @param synonyms further words that select it
	 * @param worry whether the key is a worry, taken back only by "not worried"
	 */
	public void add(K key, String label, List<String> synonyms, boolean worry) {
		if (worry) {
			this.worries.add(key);
		}
		List<Heard> words = new ArrayList<>();
		words.add(JapaneseText.hear(label));
		synonyms.stream().map(JapaneseText::hear).filter((word) -> !word.surface().isEmpty()).forEach(words::add);
		this.wordsByKey.put(key, List.copyOf(words));
		for (Heard word : words) {
			int[] pairs = pairs(word.reading());
			if (pairs.length > 0) {
				int index = this.pairWordKeys.size();
				this.pairWordKeys.add(key);
				this.pairWordSizes.add(pairs.length);
				for (int pair : pairs) {
					this.wordsByPair.computeIfAbsent(pair, (p) -> new ArrayList<>()).add(index);
				}
			}
		}
		this.labels.put(key, normalise(label));
	}

	/**
	 * Keys among {@code allowed} whose label equals the whole input.
	 * @param normalised normalised input
	 * @param allowed keys to consider
	 * @return the matching key, or null
	 */
	public K exactLabel(String normalised, List<K> allowed) {
		for (K key : allowed) {
			if (normalised.equals(this.labels.get(key))) {
				return key;
			}
		}
		return null;
	}

	/**
	 * Keys among {@code allowed} that the input names, in order of first mention.
	 * @param heard the input
	 * @param allowed keys to consider
	 * @return matching keys, earliest mention first, without those taken back
	 */
	public List<K> mentioned(Heard heard, List<K> allowed) {
		return mentions(heard, allowed).chosen();
	}

	/**
	 * What the input names among {@code allowed}: the keys it chooses and those it takes
	 * back.
	 * @param heard the input
	 * @param allowed keys to consider
	 * @return both, earliest mention first
	 */
	public Mentions<K> mentions(Heard heard, List<K> allowed) {
		if (heard.sentences().isEmpty()) {
			return inSentence(heard, allowed);
		}
		// each sentence on its own; a key's last word on it counts
		Map<K, Boolean> chosen = new LinkedHashMap<>();
		for (Heard sentence : heard.sentences()) {
			Mentions<K> mentions = inSentence(sentence, allowed);
			mentions.chosen().forEach((key) -> chosen.put(key, true));
			mentions.negated().forEach((key) -> chosen.put(key, false));
		}
		List<K> positive = new ArrayList<>();
		List<K> negative = new ArrayList<>();
		chosen.forEach((key, yes) -> (yes ? positive : negative).add(key));
		return new Mentions<>(positive, negative);
	}

	/**
	 * Marks a key as one of a set of which one is chosen (a role): a preference among
	 * several decides only between such keys.
	 * @param key the key
	 */
	public void exclusive(K key) {
		this.exclusive.add(key);
	}

	private Mentions<K> inSentence(Heard heard, List<K> allowed) {
		List<Mention<K>> found = new ArrayList<>();
		for (K key : allowed) {
			List<Heard> words = this.wordsByKey.get(key);
			if (words != null) {
				Mention<K> first = null;
				for (Heard word : words) {
					Mention<K> mention = find(key, word, heard);
					if (mention != null && (first == null || mention.order() < first.order())) {
						first = mention;
					}
				}
				if (first != null) {
					found.add(first);
				}
			}
		}
		found.sort(Comparator.comparingDouble(Mention::order));
		List<K> chosen = new ArrayList<>();
		List<K> negated = new ArrayList<>();
		List<Mention<K>> preferred = new ArrayList<>();
		for (Mention<K> mention : found) {
			List<String> negations = this.worries.contains(mention.key()) ? NOT_WORRIED : NEGATIONS;
			boolean takenBack = followedBy(mention, found, negations);
			(takenBack ? negated : chosen).add(mention.key());
			if (!takenBack && followedBy(mention, found, PREFERENCES)) {
				preferred.add(mention);
			}
		}
		if (chosen.size() > 1 && preferred.size() == 1 && this.exclusive.containsAll(chosen)) {
			K winner = preferred.get(0).key();
			chosen.stream().filter((key) -> !key.equals(winner)).forEach(negated::add);
			chosen.retainAll(List.of(winner));
		}
		return new Mentions<>(chosen, negated);
	}

	/**
	 * The key among {@code allowed} whose words read most like the input, for a "did you
	 * mean" question after a miss.
	 * @param heard the input
	 * @param allowed keys to consider
	 * @return the closest key, if one is close enough
	 */
	public Optional<K> closest(Heard heard, List<K> allowed) {
		int[] input = pairs(heard.reading());
		K best = null;
		double bestScore = SUGGEST;
		if (input.length == 0) {
			return Optional.empty();
		}
		int[] shared = new int[this.pairWordKeys.size()];
		for (int pair : input) {
			for (int word : this.wordsByPair.getOrDefault(pair, List.of())) {
				shared[word]++;
			}
		}
		for (int word = 0; word < shared.length; word++) {
			if (shared[word] == 0) {
				continue;
			}
			double score = 2.0 * shared[word] / (this.pairWordSizes.get(word) + input.length);
			K key = this.pairWordKeys.get(word);
			if (score >= bestScore && allowed.contains(key)) {
				best = (score > bestScore || best == null) ? key : best;
				bestScore = score;
			}
		}
		return Optional.ofNullable(best);
	}

	/** Where a word occurs: as written, else in base form, else as read. */
	private static <K> Mention<K> find(K key, Heard word, Heard heard) {
		int at = heard.surface().indexOf(word.surface());
		if (at >= 0) {
			return new Mention<>(key, heard.surface(), at, at + word.surface().length());
		}
		at = heard.base().indexOf(word.base());
		if (at >= 0) {
			return new Mention<>(key, heard.base(), at, at + word.base().length());
		}
		if (word.reading().length() >= MIN_READING) {
			at = heard.reading().indexOf(word.reading());
			if (at >= 0) {
				return new Mention<>(key, heard.reading(), at, at + word.reading().length());
			}
		}
		return null;
	}

	/**
	 * Whether one of the words (a negation, a preference) follows the mention within its
	 * scope: up to the next mention in the same spelling, a clause's end, or
	 * {@value #SCOPE} characters.
	 */
	private static <K> boolean followedBy(Mention<K> mention, List<Mention<K>> all, List<String> negations) {
		String text = mention.text();
		int end = Math.min(text.length(), mention.end() + SCOPE);
		for (Mention<K> other : all) {
			if (other != mention && other.text() == text && other.start() >= mention.end() && other.start() < end) {
				end = other.start();
			}
		}
		String tail = text.substring(mention.end(), end);
		for (String clauseEnd : CLAUSE_ENDS) {
			int at = tail.indexOf(clauseEnd);
			if (at >= 0) {
				tail = tail.substring(0, at);
			}
		}
		for (String word : NOT_NEGATIONS) {
			tail = tail.replace(word, "");
		}
		if (negations == NEGATIONS && DOUBLE_NEGATIONS.stream().anyMatch(tail::contains)) {
			return false;
		}
		for (String negation : negations) {
			if (tail.contains(negation)) {
				return true;
			}
		}
		return false;
	}

	/** The distinct pairs of adjacent characters of a text, each as one int, sorted. */
	private static int[] pairs(String text) {
		if (text.length() < 2) {
			return new int[0];
		}
		int[] pairs = new int[text.length() - 1];
		for (int i = 0; i < pairs.length; i++) {
			pairs[i] = (text.charAt(i) << 16) | text.charAt(i + 1);
		}
		return IntStream.of(pairs).sorted().distinct().toArray();
	}

	/**
	 * NFKC, lower case, katakana folded to hiragana, spaces and punctuation removed.
	 * @param text any text
	 * @return its normalised form
	 */
	public static String normalise(String text) {
		return JapaneseText.normalise(text);
	}

	/**
	 * What a message names.
	 *
	 * @param chosen keys it chooses, earliest first
	 * @param negated keys it names only to take back (「総務より」, 「人事は無理」)
	 */
	record Mentions<K>(List<K> chosen, List<K> negated) {
	}

	/** One word found: in which spelling, where, and how early in the message. */
	private record Mention<K>(K key, String text, int start, int end) {

		double order() {
			return (this.text.isEmpty()) ? 0 : (double) this.start / this.text.length();
		}

	}

}
