package com.careerconcierge.consultation.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which choices a typed message means. Input and choice words are compared after
 * {@link #normalise(String) normalisation}, so width, case and katakana/hiragana don't
 * matter.
 */
final class TextMatcher<K> {

	private final Map<K, List<String>> wordsByKey = new LinkedHashMap<>();

	/**
	 * Registers the words that select a key.
	 * @param key what a match returns, e.g. a postback
	 * @param label the button label, which always selects it
	 * @param synonyms further words that select it
	 */
	public void add(K key, String label, List<String> synonyms) {
		List<String> words = new ArrayList<>();
		words.add(normalise(label));
		synonyms.stream().map(TextMatcher::normalise).filter((word) -> !word.isEmpty()).forEach(words::add);
		this.wordsByKey.put(key, List.copyOf(words));
	}

	/**
	 * Keys among {@code allowed} whose label equals the whole input.
	 * @param normalised normalised input
	 * @param allowed keys to consider
	 * @return the matching key, or null
	 */
	public K exactLabel(String normalised, List<K> allowed) {
		for (K key : allowed) {
			List<String> words = this.wordsByKey.get(key);
			if (words != null && words.get(0).equals(normalised)) {
				return key;
			}
		}
		return null;
	}

	/**
	 * Keys among {@code allowed} that the input mentions, in order of first mention.
	 * @param normalised normalised input
	 * @param allowed keys to consider
	 * @return matching keys, earliest mention first
	 */
	public List<K> mentioned(String normalised, List<K> allowed) {
		Map<K, Integer> positions = new LinkedHashMap<>();
		for (K key : allowed) {
			List<String> words = this.wordsByKey.get(key);
			if (words == null) {
				continue;
			}
			int best = Integer.MAX_VALUE;
			for (String word : words) {
				int at = normalised.indexOf(word);
				if (at >= 0 && at < best) {
					best = at;
				}
			}
			if (best != Integer.MAX_VALUE) {
				positions.put(key, best);
			}
		}
		return positions.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * NFKC (full-width to half-width and back where it belongs), lower case, katakana
	 * folded to hiragana, and spaces and punctuation removed.
	 * @param text any text
	 * @return its normalised form
	 */
	public static String normalise(String text) {
		String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
		StringBuilder out = new StringBuilder(nfkc.length());
		nfkc.codePoints().forEach((cp) -> {
			if (cp >= 0x30A1 && cp <= 0x30F6) {
				out.appendCodePoint(cp - 0x60);
			}
			else if (Character.isLetterOrDigit(cp) || cp == 'ー' || cp == '〜') {
				out.appendCodePoint(cp);
			}
		});
		return out.toString();
	}

}
