package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that names no choice is scored against the choices' example sentences: a
 * close one is acted on, a middling one asked back with はい / ほかを選ぶ, and the answer
 * (pressed or typed) decides; a taken-back mention is never turned into a choice.
 */
class AskBackTest {

	@Test
	void aCloseParaphraseIsActedOnWithoutAsking() {
		Talk talk = new Talk();
		talk.toTargetRole();
		talk.say("伝票や入出金のチェックをしたい");
		assertThat(talk.session.role()).isEqualTo("accounting");
	}

	@Test
	void aMiddlingOneIsAskedBackAndYesChoosesIt() {
		Talk talk = atStrengths();
		List<String> asked = talk.say("表計算ソフトなら使いこなせる");
		assertThat(asked).singleElement().asString().contains("「PC・資料作成」のことでしょうか");
		assertThat(talk.labels()).containsExactly("はい", "ほかを選ぶ", "担当者と話す");
		assertThat(talk.session.strengths()).isEmpty();

		talk.press("はい");
		assertThat(talk.session.strengths()).containsExactly("office");
		assertThat(talk.session.askedBack()).isNull();
	}

	@Test
	void typedAnswersWorkToo() {
		Talk talk = atStrengths();
		talk.say("表計算ソフトなら使いこなせる");
		talk.say("はい、そうです");
		assertThat(talk.session.strengths()).containsExactly("office");

		Talk other = atStrengths();
		other.say("表計算ソフトなら使いこなせる");
		List<String> again = other.say("違います");
		assertThat(again.get(0)).contains("近いものをボタンから選ぶ");
		assertThat(other.session.strengths()).isEmpty();
		assertThat(other.session.askedBack()).isNull();
		assertThat(other.labels()).contains("コミュニケーション力", "PC・資料作成");
	}

	@Test
	void namingAnotherChoiceInsteadOfAnsweringChoosesThat() {
		Talk talk = atStrengths();
		talk.say("表計算ソフトなら使いこなせる");
		talk.say("いえ、コミュ力のほうです");
		assertThat(talk.session.strengths()).containsExactly("communication");
		assertThat(talk.session.askedBack()).isNull();
	}

	@Test
	void otherChoosesAgainAndTheQuestionIsNotLeftOpen() {
		Talk talk = atStrengths();
		talk.say("表計算ソフトなら使いこなせる");
		talk.press("ほかを選ぶ");
		assertThat(talk.session.askedBack()).isNull();
		assertThat(talk.session.stage()).isEqualTo(Stage.STRENGTHS);
		assertThat(talk.labels()).contains("PC・資料作成");
	}

	@Test
	void aMentionTakenBackIsNotFoundAgainInTheExamples() {
		Talk talk = new Talk();
		talk.toTargetRole();
		talk.say("経理は嫌、伝票のチェックもしたくない");
		assertThat(talk.session.role()).isNull();
		assertThat(talk.session.askedBack()).isNull();
	}

	@Test
	void anotherMissEndsTheQuestionAndTheStagesButtonsWorkMeanwhile() {
		Talk talk = atStrengths();
		talk.say("表計算ソフトなら使いこなせる");
		talk.say("ぜんぜん関係ない話ですが");
		assertThat(talk.session.askedBack()).isNull();
		assertThat(talk.labels()).contains("コミュニケーション力", "PC・資料作成");

		Talk pressing = atStrengths();
		pressing.say("表計算ソフトなら使いこなせる");
		// a button of the message before the question, still shown on LINE and Telegram
		pressing.pressPayload("strength:communication");
		assertThat(pressing.session.strengths()).containsExactly("communication");
		assertThat(pressing.session.askedBack()).isNull();
	}

	private static Talk atStrengths() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.press("給料が下がりそう");
		talk.press("次へ進む");
		return talk;
	}

}
