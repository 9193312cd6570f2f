package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores a message against the example sentences of the choices, for a message that names
 * no choice: 「数字を扱う仕事がしたい」 shares its content words with an example of 経理. Each example
 * is one document, scored with Okapi BM25 over its content words
 * ({@link JapaneseText#terms}); a choice scores as its best example. The confidence is
 * that score over the score a document holding exactly the message's words would get, so
 * it is 1 when every word of the message is in the example, and a word that no example
 * has pulls it down as much as a rare word would.
 * <p>
 * Written out rather than with an in-memory Lucene index: a few hundred one-line
 * documents, scored in microseconds with no index, searcher or query objects per message.
 */
final class Examples<K> {

	private static final double K1 = 1.2;

	private static final double B = 0.75;

	private final List<Document<K>> documents = new ArrayList<>();

	/** For each word, the examples that have it and how often. */
	private final Map<String, List<Posting>> postings = new HashMap<>();

	private double averageLength;

	/**
	 * Adds a choice's examples.
	 * @param key the choice
	 * @param examples its example sentences
	 */
	void add(K key, List<String> examples) {
		for (String example : examples) {
			List<String> terms = JapaneseText.terms(example);
			if (terms.isEmpty()) {
				continue;
			}
			Map<String, Integer> frequencies = new HashMap<>();
			terms.forEach((term) -> frequencies.merge(term, 1, Integer::sum));
			int index = this.documents.size();
			this.documents.add(new Document<>(key, terms.size()));
			frequencies.forEach((term, frequency) -> this.postings.computeIfAbsent(term, (t) -> new ArrayList<>())
				.add(new Posting(index, frequency)));
		}
		this.averageLength = this.documents.stream().mapToInt(Document::length).average().orElse(1);
	}

	/**
	 * The choice whose examples are most like a message, among those allowed.
	 * @param terms the message's content words ({@link JapaneseText.Heard#terms()})
	 * @param allowed the choices to consider
	 * @return the best choice with its confidence (0–1) and that of the runner-up, if any
	 * example shares a word with the message
	 */
	Optional<Scored<K>> best(List<String> terms, List<K> allowed) {
		Set<String> distinct = new LinkedHashSet<>(terms);
		if (distinct.isEmpty() || this.documents.isEmpty()) {
			return Optional.empty();
		}
		double perfect = 0;
		double[] scores = null;
		for (String term : distinct) {
			double idf = idf(term);
			perfect += idf * (K1 + 1) / (1 + K1 * (1 - B + B * terms.size() / this.averageLength));
			for (Posting posting : this.postings.getOrDefault(term, List.of())) {
				if (scores == null) {
					scores = new double[this.documents.size()];
				}
				int length = this.documents.get(posting.document()).length();
				scores[posting.document()] += idf * posting.frequency() * (K1 + 1)
						/ (posting.frequency() + K1 * (1 - B + B * length / this.averageLength));
			}
		}
		if (scores == null) {
			return Optional.empty();
		}
		Map<K, Double> byKey = new HashMap<>();
		for (int i = 0; i < scores.length; i++) {
			K key = this.documents.get(i).key();
			if (scores[i] > 0 && allowed.contains(key)) {
				byKey.merge(key, scores[i], Math::max);
			}
		}
		K best = null;
		double first = 0;
		double second = 0;
		for (Map.Entry<K, Double> entry : byKey.entrySet()) {
			if (entry.getValue() > first) {
				second = first;
				first = entry.getValue();
				best = entry.getKey();
			}
			else if (entry.getValue() > second) {
				second = entry.getValue();
			}
		}
		if (best == null) {
			return Optional.empty();
		}
		return Optional.of(new Scored<>(best, Math.min(1, first / perfect), Math.min(1, second / perfect)));
	}

	private double idf(String term) {
		int n = this.documents.size();
		int df = this.postings.getOrDefault(term, List.of()).size();
		return Math.log(1 + (n - df + 0.5) / (df + 0.5));
	}

	/**
	 * A choice found by its examples.
	 *
	 * @param key the choice
	 * @param confidence how much of the message its best example covers, 0–1
	 * @param runnerUp the same for the next best choice (0 if none)
	 */
	record Scored<K>(K key, double confidence, double runnerUp) {
	}

	private record Document<K>(K key, int length) {
	}

	private record Posting(int document, int frequency) {
	}

}
