package com.careerconcierge.consultation.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextMatcherTest {

	@Test
	void normalisesWidthCaseKanaAndPunctuation() {
		assertThat(TextMatcher.normalise("ｹｲﾘ")).isEqualTo(TextMatcher.normalise("けいり"));
		assertThat(TextMatcher.normalise("ＥＸＣＥＬ")).isEqualTo("excel");
		assertThat(TextMatcher.normalise("エクセル")).isEqualTo("えくせる");
		assertThat(TextMatcher.normalise(" 次へ、進む！ ")).isEqualTo("次へ進む");
	}

	@Test
	void findsEveryMentionedChoiceInOrderOfMention() {
		TextMatcher<String> matcher = new TextMatcher<>();
		matcher.add("pay", "給料が下がりそう", List.of("給料", "年収"), true);
		matcher.add("inexperience", "事務の経験がない", List.of("未経験"), true);
		matcher.add("routine", "毎日同じ仕事で飽きそう", List.of("ルーティン"), true);
		List<String> all = List.of("pay", "inexperience", "routine");

		assertThat(matcher.mentioned(JapaneseText.hear("未経験だし年収も心配"), all)).containsExactly("inexperience", "pay");
		assertThat(matcher.mentioned(JapaneseText.hear("るーてぃんは苦手"), all)).containsExactly("routine");
		assertThat(matcher.mentioned(JapaneseText.hear("特にありません"), all)).isEmpty();
		assertThat(matcher.mentioned(JapaneseText.hear("給料が下がるのが心配"), List.of("inexperience"))).isEmpty();
	}

	@Test
	void anExactLabelIsRecognisedOnlyAsAWhole() {
		TextMatcher<String> matcher = new TextMatcher<>();
		matcher.add("accounting", "経理", List.of("会計"));
		assertThat(matcher.exactLabel(TextMatcher.normalise("経理"), List.of("accounting"))).isEqualTo("accounting");
		assertThat(matcher.exactLabel(TextMatcher.normalise("会計"), List.of("accounting"))).isNull();
	}

	@Test
	void aWordMatchesInAnySpellingOfItsReadingAndInBaseForm() {
		TextMatcher<String> matcher = roles();
		for (String typed : List.of("そうむ", "ソウム", "ｿｳﾑ", "総務", "そうむがいいです")) {
			assertThat(matcher.mentioned(JapaneseText.hear(typed), ROLES)).as(typed).containsExactly("general_affairs");
		}
		assertThat(matcher.mentioned(JapaneseText.hear("ほうむかな"), ROLES)).containsExactly("legal");
		TextMatcher<String> begin = new TextMatcher<>();
		begin.add("begin", "相談を始める", List.of("始める", "はじめる"));
		assertThat(begin.mentioned(JapaneseText.hear("始めます"), List.of("begin"))).containsExactly("begin");
		assertThat(begin.mentioned(JapaneseText.hear("はじめたいです"), List.of("begin"))).containsExactly("begin");
	}

	@Test
	void aNegatedOrContrastedMentionIsNotChosen() {
		TextMatcher<String> matcher = roles();
		assertThat(matcher.mentions(JapaneseText.hear("総務より経理がいい"), ROLES).chosen()).containsExactly("accounting");
		assertThat(matcher.mentions(JapaneseText.hear("総務より経理がいい"), ROLES).negated())
			.containsExactly("general_affairs");
		assertThat(matcher.mentioned(JapaneseText.hear("人事は向いてないので総務で"), ROLES)).containsExactly("general_affairs");
		assertThat(matcher.mentioned(JapaneseText.hear("経理じゃなくて人事"), ROLES)).containsExactly("hr");
		assertThat(matcher.mentioned(JapaneseText.hear("人事がいいけど経理は無理"), ROLES)).containsExactly("hr");
		assertThat(matcher.mentioned(JapaneseText.hear("法務は興味ないです"), ROLES)).isEmpty();
		assertThat(matcher.mentioned(JapaneseText.hear("経理か人事で迷っています"), ROLES)).containsExactly("accounting", "hr");
	}

	@Test
	void aWorryIsTakenBackOnlyByNotWorrying() {
		TextMatcher<String> matcher = new TextMatcher<>();
		matcher.add("pay", "給料が下がりそう", List.of("給料"), true);
		matcher.add("routine", "毎日同じ仕事で飽きそう", List.of("同じ仕事"), true);
		List<String> all = List.of("pay", "routine");
		assertThat(matcher.mentioned(JapaneseText.hear("同じ仕事の繰り返しは嫌"), all)).containsExactly("routine");
		assertThat(matcher.mentioned(JapaneseText.hear("給料は気にならないけど同じ仕事が嫌"), all)).containsExactly("routine");
	}

	@Test
	void aMissSuggestsTheChoiceThatReadsMostAlike() {
		TextMatcher<String> matcher = roles();
		assertThat(matcher.closest(JapaneseText.hear("けいりい"), ROLES)).contains("accounting");
		assertThat(matcher.closest(JapaneseText.hear("ぜんぜんちがうはなし"), ROLES)).isEmpty();
	}

	private static final List<String> ROLES = List.of("accounting", "hr", "general_affairs", "legal");

	private static TextMatcher<String> roles() {
		TextMatcher<String> matcher = new TextMatcher<>();
		matcher.add("accounting", "経理", List.of("会計"));
		matcher.add("hr", "人事", List.of("採用"));
		matcher.add("general_affairs", "総務", List.of());
		matcher.add("legal", "法務", List.of("契約"));
		return matcher;
	}

}
