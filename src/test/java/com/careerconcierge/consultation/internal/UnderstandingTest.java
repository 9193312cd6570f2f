package com.careerconcierge.consultation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.careerconcierge.consultation.Choice;
import com.careerconcierge.consultation.Stage;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labelled phrasings in {@code understanding/phrasings.tsv}, each typed into a fresh
 * consultation at its stage (the real script, matcher and state machine, in memory): what
 * the bot did is compared with what it should have done, the rate is printed per class,
 * and the test fails below 95 % overall.
 */
class UnderstandingTest {

	static final double REQUIRED = 0.95;

	@Test
	void theBotUnderstandsPhrasingsAsPeopleTypeThem() throws IOException {
		List<Item> items = items();
		assertThat(items).hasSizeGreaterThanOrEqualTo(150);
		Map<String, int[]> perClass = new LinkedHashMap<>();
		List<String> misses = new ArrayList<>();
		List<String> askedBack = new ArrayList<>();
		for (Item item : items) {
			String observed = observe(item.stage(), item.text());
			if (observed.startsWith("ask:")) {
				askedBack.add(item.text() + " → " + observed);
			}
			boolean right = item.expected().contains(observed);
			int[] tally = perClass.computeIfAbsent(item.kind(), (kind) -> new int[2]);
			tally[0] += right ? 1 : 0;
			tally[1]++;
			if (!right) {
				misses.add(item.kind() + " | " + item.stage() + " | " + item.text() + " → " + observed + " (expected "
						+ String.join(" or ", item.expected()) + ")");
			}
		}
		int right = perClass.values().stream().mapToInt((tally) -> tally[0]).sum();
		StringBuilder report = new StringBuilder("Understanding, per class:\n");
		perClass.forEach((kind, tally) -> report.append(
				String.format("  %-14s %3d/%3d  %5.1f %%%n", kind, tally[0], tally[1], 100.0 * tally[0] / tally[1])));
		report.append(String.format("  %-14s %3d/%3d  %5.1f %%%n", "overall", right, items.size(),
				100.0 * right / items.size()));
		misses.forEach((miss) -> report.append("  missed: ").append(miss).append('\n'));
		report.append("  asked back (「『…』のことでしょうか？」): ").append(askedBack.size()).append('\n');
		askedBack.forEach((asked) -> report.append("    ").append(asked).append('\n'));
		System.out.println(report);
		assertThat((double) right / items.size()).as(report.toString()).isGreaterThanOrEqualTo(REQUIRED);
	}

	/** What the bot did with the text typed at that stage, in the file's notation. */
	static String observe(String stage, String text) {
		Talk talk = new Talk();
		switch (stage) {
			case "welcome" -> {
			}
			case "concerns" -> talk.press("相談を始める");
			case "concerns+1" -> {
				talk.press("相談を始める");
				talk.press("給料が下がりそう");
			}
			case "strengths" -> {
				talk.press("相談を始める");
				talk.press("給料が下がりそう");
				talk.press("次へ進む");
			}
			case "role" -> talk.toTargetRole();
			default -> throw new IllegalArgumentException("Unknown stage " + stage);
		}
		Stage before = talk.session.stage();
		List<String> concerns = List.copyOf(talk.session.concerns());
		List<String> strengths = List.copyOf(talk.session.strengths());
		List<String> replies = talk.say(text);
		Session session = talk.session;
		if (talk.desk.contains("requested")) {
			return "agent";
		}
		if (session.role() != null) {
			return "role:" + session.role();
		}
		if (session.at(Session.Step.FIT)) {
			return "fit";
		}
		List<String> addedConcerns = session.concerns().stream().filter((id) -> !concerns.contains(id)).toList();
		if (!addedConcerns.isEmpty()) {
			return "concern:" + sorted(addedConcerns);
		}
		List<String> addedStrengths = session.strengths().stream().filter((id) -> !strengths.contains(id)).toList();
		if (!addedStrengths.isEmpty()) {
			return "strength:" + sorted(addedStrengths);
		}
		if (before == Stage.WELCOME && session.stage() == Stage.CONCERNS) {
			return "begin";
		}
		if (before == Stage.CONCERNS && session.stage() == Stage.STRENGTHS) {
			return "next";
		}
		if (session.askedBack() != null) {
			return "ask:" + session.askedBack().substring(session.askedBack().indexOf(':') + 1);
		}
		List<Choice> buttons = talk.buttons();
		if (!replies.isEmpty() && replies.get(replies.size() - 1).startsWith("もしかして") && !buttons.isEmpty()) {
			return "suggest:" + id(buttons.get(0));
		}
		List<String> roles = buttons.stream()
			.map(Choice::postback)
			.filter((postback) -> postback.startsWith("role:") && !postback.equals("role:unsure"))
			.map((postback) -> postback.substring("role:".length()))
			.toList();
		if (before == Stage.TARGET_ROLE && buttons.size() < 8 && !roles.isEmpty()) {
			return "undecided:" + sorted(roles);
		}
		return "none";
	}

	private static String id(Choice choice) {
		return choice.postback().substring(choice.postback().indexOf(':') + 1);
	}

	private static String sorted(List<String> ids) {
		return String.join(",", new TreeSet<>(ids));
	}

	static List<Item> items() throws IOException {
		String tsv = new ClassPathResource("understanding/phrasings.tsv").getContentAsString(StandardCharsets.UTF_8);
		return tsv.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).map((line) -> {
			String[] fields = line.split("\t");
			if (fields.length != 4) {
				throw new IllegalArgumentException("Not four tab-separated fields: " + line);
			}
			return new Item(fields[0], fields[1], fields[2], Arrays.asList(fields[3].split("\\|")));
		}).toList();
	}

	record Item(String kind, String stage, String text, List<String> expected) {
	}

}
