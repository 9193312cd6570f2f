package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.careerconcierge.consultation.internal.JapaneseText.Heard;

/**
 * What understanding one typed message costs, single-threaded: the phrasings of the
 * labelled test set, each tokenised with Kuromoji and matched against every choice of the
 * script (more than any one stage offers), negation scope included, and a "did you mean"
 * search where nothing matched, as a miss does. Prints p50, p99 and p99.9 per message
 * over several rounds after a warm-up. Run with
 * {@code ./mvnw -Pbenchmark verify -Dbench.main=com.careerconcierge.consultation.internal.UnderstandingBenchmark}.
 */
public final class UnderstandingBenchmark {

	private static final int WARMUP = 200_000;

	private static final int MEASURED = 200_000;

	private UnderstandingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> texts = UnderstandingTest.items().stream().map(UnderstandingTest.Item::text).toList();
		TextMatcher<Postback> matcher = Vocabulary.matcher(Talk.SCRIPT);
		Examples<Postback> examples = Vocabulary.examples(Talk.SCRIPT);
		List<Postback> all = new ArrayList<>(Talk.WORDING.options().keySet());
		long sink = 0;
		for (int i = 0; i < WARMUP; i++) {
			sink += understand(matcher, examples, all, texts.get(i % texts.size()));
		}
		for (int round = 1; round <= 3; round++) {
			long[] nanos = new long[MEASURED];
			for (int i = 0; i < MEASURED; i++) {
				long start = System.nanoTime();
				sink += understand(matcher, examples, all, texts.get(i % texts.size()));
				nanos[i] = System.nanoTime() - start;
			}
			Arrays.sort(nanos);
			System.out.printf(
					"round %d: %d messages (%d phrasings, %d choices), p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs%n",
					round, MEASURED, texts.size(), all.size(), nanos[MEASURED / 2] / 1000.0,
					nanos[(int) (MEASURED * 0.99)] / 1000.0, nanos[(int) (MEASURED * 0.999)] / 1000.0);
		}
		List<Heard> heard = texts.stream().map(JapaneseText::hear).toList();
		long[] parts = new long[4];
		for (int i = 0; i < MEASURED; i++) {
			String text = texts.get(i % texts.size());
			Heard one = heard.get(i % texts.size());
			long start = System.nanoTime();
			sink += JapaneseText.hear(text).surface().length();
			long tokenised = System.nanoTime();
			sink += matcher.mentions(one, all).chosen().size();
			long matched = System.nanoTime();
			sink += matcher.closest(one, all).isPresent() ? 1 : 0;
			long closest = System.nanoTime();
			sink += examples.best(one.terms(), all).isPresent() ? 1 : 0;
			parts[0] += tokenised - start;
			parts[1] += matched - tokenised;
			parts[2] += closest - matched;
			parts[3] += System.nanoTime() - closest;
		}
		System.out.printf(
				"mean per message: tokenising %.1f µs, matching %.1f µs, closest %.1f µs, examples %.1f µs"
						+ " (each run on every message here)%n",
				parts[0] / 1000.0 / MEASURED, parts[1] / 1000.0 / MEASURED, parts[2] / 1000.0 / MEASURED,
				parts[3] / 1000.0 / MEASURED);
		System.out.println("(checksum " + sink + ")");
	}

	/**
	 * What the dialogue does with one typed message: match, and on a miss examples and
	 * closest.
	 */
	private static int understand(TextMatcher<Postback> matcher, Examples<Postback> examples, List<Postback> all,
			String text) {
		Heard heard = JapaneseText.hear(text);
		TextMatcher.Mentions<Postback> mentions = matcher.mentions(heard, all);
		if (mentions.chosen().isEmpty()) {
			int found = examples.best(heard.terms(), all).isPresent() ? 1 : 0;
			return found + (matcher.closest(heard, all).isPresent() ? 1 : 0);
		}
		return mentions.chosen().size() + mentions.negated().size();
	}

}
