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
		matcher.add("pay", "給料が下がりそう", List.of("給料", "年収"));
		matcher.add("inexperience", "事務の経験がない", List.of("未経験"));
		matcher.add("routine", "毎日同じ仕事で飽きそう", List.of("ルーティン"));
		List<String> all = List.of("pay", "inexperience", "routine");

		assertThat(matcher.mentioned(TextMatcher.normalise("未経験だし年収も心配"), all)).containsExactly("inexperience", "pay");
		assertThat(matcher.mentioned(TextMatcher.normalise("るーてぃんは苦手"), all)).containsExactly("routine");
		assertThat(matcher.mentioned(TextMatcher.normalise("特にありません"), all)).isEmpty();
		assertThat(matcher.mentioned(TextMatcher.normalise("給料が下がるのが心配"), List.of("inexperience"))).isEmpty();
	}

	@Test
	void anExactLabelIsRecognisedOnlyAsAWhole() {
		TextMatcher<String> matcher = new TextMatcher<>();
		matcher.add("accounting", "経理", List.of("会計"));
		assertThat(matcher.exactLabel(TextMatcher.normalise("経理"), List.of("accounting"))).isEqualTo("accounting");
		assertThat(matcher.exactLabel(TextMatcher.normalise("会計"), List.of("accounting"))).isNull();
	}

}
