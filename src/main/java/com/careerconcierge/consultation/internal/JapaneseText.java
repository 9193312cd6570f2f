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
import java.util.regex.Pattern;

import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.dict.UserDictionary;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
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
	 */
	record Heard(String surface, String reading, String base, List<Heard> sentences) {

		Heard(String surface, String reading, String base) {
			this(surface, reading, base, List.of());
		}

	}

	/** Where one sentence ends and the next begins. */
	private static final Pattern SENTENCE_END = Pattern.compile("[。．.!！?？\\n]+");

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
			Heard whole = analyser.hear(text);
			String[] parts = SENTENCE_END.split(Normalizer.normalize(text, Normalizer.Form.NFKC));
			List<Heard> sentences = new ArrayList<>(parts.length);
			for (String part : parts) {
				if (!part.isBlank()) {
					sentences.add(analyser.hear(part));
				}
			}
			return (sentences.size() > 1)
					? new Heard(whole.surface(), whole.reading(), whole.base(), List.copyOf(sentences)) : whole;
		}
		finally {
			POOL.offer(analyser);
		}
	}

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

		private final JapaneseTokenizer tokenizer = new JapaneseTokenizer(DICTIONARY, true,
				JapaneseTokenizer.Mode.NORMAL);

		private final CharTermAttribute term = this.tokenizer.addAttribute(CharTermAttribute.class);

		private final ReadingAttribute reading = this.tokenizer.addAttribute(ReadingAttribute.class);

		private final BaseFormAttribute base = this.tokenizer.addAttribute(BaseFormAttribute.class);

		Heard hear(String text) {
			String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
			StringBuilder readings = new StringBuilder(nfkc.length() * 2);
			StringBuilder bases = new StringBuilder(nfkc.length());
			try {
				this.tokenizer.setReader(new StringReader(nfkc));
				this.tokenizer.reset();
				while (this.tokenizer.incrementToken()) {
					String surface = this.term.toString();
					String read = this.reading.getReading();
					readings.append((read != null) ? read : surface);
					String baseForm = this.base.getBaseForm();
					bases.append((baseForm != null) ? baseForm : surface);
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
			return new Heard(normalise(nfkc), normalise(readings.toString()), normalise(bases.toString()));
		}

	}

}
