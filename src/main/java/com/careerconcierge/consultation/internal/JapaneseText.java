package com.careerconcierge.consultation.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.dict.UserDictionary;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * A typed text as the matcher compares it, in three spellings: as written (normalised),
 * as read (every word in hiragana, from Kuromoji's readings, so 総務, そうむ, ソウム and ｿｳﾑ are
 * one), and with inflected words in their base form (始めます → 始める). The tokenizers are
 * pooled: one is not safe for two threads, and building one per message costs more than
 * the tokenising.
 */
final class JapaneseText {

	private static final UserDictionary DICTIONARY = loadDictionary();

	private static final ConcurrentLinkedQueue<Analyser> POOL = new ConcurrentLinkedQueue<>();

	private JapaneseText() {
	}

	/**
	 * A text in its three spellings.
	 *
	 * @param surface as written: NFKC, lower case, katakana as hiragana, no spaces or
	 * punctuation
	 * @param reading every word as read, in hiragana
	 * @param base every word in its base form, normalised like the surface
	 * @param sentences each sentence heard on its own when there are several (a negation
	 * in one does not reach into the next), else empty
	 * @param terms the content words, for scoring against examples (see {@link #terms})
	 */
	record Heard(String surface, String reading, String base, List<Heard> sentences, List<String> terms) {
	}

	/**
	 * Hears a text.
	 * @param text what the user typed, or a word of the script
	 * @return its spellings
	 */
	static Heard hear(String text) {
		Analyser analyser = POOL.poll();
		if (analyser == null) {
			analyser = new Analyser();
		}
		try {
			return analyser.hear(text);
		}
		finally {
			POOL.offer(analyser);
		}
	}

	/**
	 * The words of a text that carry its meaning, for scoring it against examples: nouns,
	 * verbs, adjectives and adverbs in base form and normalised, without the few that
	 * occur in nearly every sentence (する, ある, こと, …).
	 * @param text any text
	 * @return its content words, in order, repeated as often as they occur
	 */
	static List<String> terms(String text) {
		return hear(text).terms();
	}

	/** Content words too common to tell one choice from another. */
	private static final java.util.Set<String> STOP_TERMS = java.util.Set.of("する", "ある", "いる", "なる", "できる", "こと", "もの",
			"よう", "の", "ん", "ため", "これ", "それ", "あれ", "ここ", "そこ", "思う", "やる", "いう", "言う", "みる", "くる", "いく", "おる", "くれる",
			"もらう", "さ", "そう", "ない", "ちょっと", "とても", "すごく", "かなり", "自分", "私", "僕", "俺", "今", "感じ", "ほう", "方", "心配", "不安",
			"気");

	/** The parts of speech that carry meaning (IPADIC's top-level tags). */
	private static final List<String> CONTENT = List.of("名詞", "動詞", "形容詞", "副詞");

	/**
	 * NFKC (full-width to half-width and back where it belongs), lower case, katakana
	 * folded to hiragana, and spaces and punctuation removed.
	 * @param text any text
	 * @return its normalised form
	 */
	static String normalise(String text) {
		String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
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

	private static UserDictionary loadDictionary() {
		try (Reader reader = new InputStreamReader(
				JapaneseText.class.getResourceAsStream("/script/user-dictionary.csv"), StandardCharsets.UTF_8)) {
			return UserDictionary.open(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The tokenizer's user dictionary is not readable", ex);
		}
	}

	private static final class Analyser {

		private final JapaneseTokenizer tokenizer = new JapaneseTokenizer(DICTIONARY, false,
				JapaneseTokenizer.Mode.NORMAL);

		private final CharTermAttribute term = this.tokenizer.addAttribute(CharTermAttribute.class);

		private final ReadingAttribute reading = this.tokenizer.addAttribute(ReadingAttribute.class);

		private final BaseFormAttribute base = this.tokenizer.addAttribute(BaseFormAttribute.class);

		private final PartOfSpeechAttribute partOfSpeech = this.tokenizer.addAttribute(PartOfSpeechAttribute.class);

		/** One pass over the tokens: the whole text, each sentence, and the terms. */
		Heard hear(String text) {
			String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
			Spellings whole = new Spellings(nfkc.length());
			Spellings sentence = new Spellings(nfkc.length());
			List<Heard> sentences = new ArrayList<>();
			List<String> terms = new ArrayList<>();
			try {
				this.tokenizer.setReader(new StringReader(nfkc));
				this.tokenizer.reset();
				while (this.tokenizer.incrementToken()) {
					String surface = this.term.toString();
					String read = this.reading.getReading();
					String baseForm = this.base.getBaseForm();
					String tag = this.partOfSpeech.getPartOfSpeech();
					if (isSentenceEnd(surface)) {
						sentence.endInto(sentences);
						continue;
					}
					whole.add(surface, read, baseForm);
					sentence.add(surface, read, baseForm);
					if (isContent(tag)) {
						String term = normalise((baseForm != null) ? baseForm : surface);
						if (!term.isEmpty() && !STOP_TERMS.contains(term)) {
							terms.add(term);
						}
					}
				}
				this.tokenizer.end();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				try {
					this.tokenizer.close();
				}
				catch (IOException ex) {
					// closing a StringReader does not fail
				}
			}
			sentence.endInto(sentences);
			return new Heard(normalise(whole.surfaces.toString()), normalise(whole.readings.toString()),
					normalise(whole.bases.toString()), (sentences.size() > 1) ? List.copyOf(sentences) : List.of(),
					List.copyOf(terms));
		}

		private static boolean isSentenceEnd(String surface) {
			for (int i = 0; i < surface.length(); i++) {
				if ("。.!?\n！？．".indexOf(surface.charAt(i)) < 0) {
					return false;
				}
			}
			return !surface.isEmpty();
		}

		private static boolean isContent(String tag) {
			return tag != null && CONTENT.stream().anyMatch(tag::startsWith) && !tag.startsWith("名詞-非自立")
					&& !tag.startsWith("名詞-代名詞") && !tag.startsWith("動詞-非自立") && !tag.startsWith("名詞-接尾");
		}

	}

	/** A text being put together token by token in its three spellings. */
	private static final class Spellings {

		final StringBuilder surfaces;

		final StringBuilder readings;

		final StringBuilder bases;

		Spellings(int length) {
			this.surfaces = new StringBuilder(length);
			this.readings = new StringBuilder(length * 2);
			this.bases = new StringBuilder(length);
		}

		void add(String surface, String reading, String base) {
			this.surfaces.append(surface);
			this.readings.append((reading != null) ? reading : surface);
			this.bases.append((base != null) ? base : surface);
		}

		/** Ends a sentence: kept if it has words, and this starts empty again. */
		void endInto(List<Heard> sentences) {
			String surface = normalise(this.surfaces.toString());
			if (!surface.isEmpty()) {
				sentences.add(new Heard(surface, normalise(this.readings.toString()), normalise(this.bases.toString()),
						List.of(), List.of()));
			}
			this.surfaces.setLength(0);
			this.readings.setLength(0);
			this.bases.setLength(0);
		}

	}

}
