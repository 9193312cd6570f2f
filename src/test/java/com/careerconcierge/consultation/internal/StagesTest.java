package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.Stage;
import com.careerconcierge.consultation.internal.Outcome.Effect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each stage's room, as plain unit tests: the real script and state machine, in memory
 * (no Spring context, no Redis).
 */
class StagesTest {

	@Test
	void theWelcomeBeginsWhenTheUserTypesItsLabel() {
		Talk talk = new Talk();
		assertThat(talk.labels()).containsExactly("相談を始める", "担当者と話す");
		assertThat(talk.say("相談を始める")).singleElement().asString().contains("気になっていること");
		assertThat(talk.session.stage()).isEqualTo(Stage.CONCERNS);
	}

	@Test
	void severalConcernsAreTakenFromOneMessageAndEachIsAnswered() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		List<String> replies = talk.say("未経験だし、給料も下がりそうで不安です");
		assertThat(replies).hasSize(3);
		assertThat(talk.session.concerns()).containsExactly("inexperience", "pay");
		assertThat(talk.labels()).doesNotContain("事務の経験がない", "給料が下がりそう").contains("次へ進む");
	}

	@Test
	void theUserMovesOnOnlyWithAtLeastOneConcern() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		assertThat(talk.say("次へ")).singleElement().asString().contains("1つ以上");
		assertThat(talk.session.stage()).isEqualTo(Stage.CONCERNS);
	}

	@Test
	void theEpisodeIsKeptInTheUsersOwnWordsAndATooShortOneIsAskedAgain() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.press("給料が下がりそう");
		talk.press("次へ進む");
		talk.press("コミュニケーション力");
		List<String> asked = talk.press("次へ進む");
		assertThat(asked).hasSize(2);
		assertThat(asked.get(0)).as("a privacy notice comes before the episode is asked for")
			.contains("30日", "/forget");
		assertThat(asked.get(1)).contains("「コミュニケーション力」が活きた場面");
		assertThat(talk.say("はい")).singleElement().asString().contains("いつ・誰に・何をして・どうなったか");
		assertThat(talk.session.stage()).isEqualTo(Stage.STRENGTHS);
		talk.say("月に100件の新規電話でアポを取り続けた");
		assertThat(talk.session.episode()).isEqualTo("月に100件の新規電話でアポを取り続けた");
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
	}

	@Test
	void theEpisodeCanBeLeftForLater() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.press("給料が下がりそう");
		talk.press("次へ進む");
		talk.press("お客様目線");
		talk.press("次へ進む");
		assertThat(talk.press("あとで考える")).first().asString().contains("後から考えても大丈夫");
		assertThat(talk.session.episode()).isNull();
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
	}

	@Test
	void theFitCheckRecommendsARoleThatTheUserCanChange() {
		Talk talk = new Talk().toTargetRole();
		talk.press("まだわからない");
		for (int i = 0; i < 4; i++) {
			talk.press("はい");
		}
		assertThat(talk.labels()).containsExactly("この職種で進める", "ほかの職種を選ぶ", "担当者と話す");
		talk.press("ほかの職種を選ぶ");
		assertThat(talk.labels()).contains("経理", "人事");
		talk.press("人事");
		assertThat(talk.session.role()).isEqualTo("hr");
		assertThat(talk.session.stage()).isEqualTo(Stage.NEXT_STEPS);
	}

	@Test
	void thePlanNamesTheRoleTheStrengthAndTheEpisode() {
		Talk talk = new Talk().toTargetRole();
		String plan = String.join("\n", talk.press("経理"));
		assertThat(plan).contains("目指す職種は「経理」", "「解約しそうな取引先を毎月訪問して引き止めた」を、", "営業で培ったお客様の立場で考える力を活かしながら簿記を学び",
				"「経理 未経験OK」", "・お給料のことについて：");
		assertThat(talk.labels()).as("the plan ends with the next step: a person first")
			.containsExactly("担当者と話す", "相談を終える", "最初からやり直す");
		talk.press("相談を終える");
		assertThat(talk.session.stage()).isEqualTo(Stage.COMPLETED);
		assertThat(String.join("\n", talk.press("プランをもう一度見る"))).contains("④ 気にされていたこと");
	}

	@Test
	void resumesWhereTheUserLeftOffAfterRelease() {
		Talk talk = new Talk().toTargetRole();
		talk.say("担当者と話したい");
		assertThat(talk.desk).containsExactly("requested");
		assertThat(talk.session.stage()).isEqualTo(Stage.WAITING_FOR_AGENT);
		talk.agentJoins("佐藤");
		assertThat(talk.agentReleases()).last().asString().contains("どの職種に関心がありますか");
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
		assertThat(talk.session.resume()).isNull();
	}

	@Test
	void theBotIsSilentWhileAnAgentHoldsTheConversation() {
		Talk talk = new Talk().toTargetRole();
		talk.say("/agent");
		talk.agentJoins("佐藤");
		assertThat(talk.say("経理が気になっています")).isEmpty();
		assertThat(talk.say("最初からやり直す")).isEmpty();
		assertThat(talk.desk).contains("wrote:経理が気になっています", "wrote:最初からやり直す");
		assertThat(talk.session.stage()).isEqualTo(Stage.WITH_AGENT);
		assertThat(talk.session.role()).isNull();
	}

	@Test
	void whileWaitingTheUsersWordsGoToTheAgentsAndTheyMayGoBackToTheBot() {
		Talk talk = new Talk().toTargetRole();
		assertThat(talk.say("担当者と話したい")).singleElement().asString().contains("2番目");
		assertThat(talk.say("まだですか")).singleElement().asString().contains("担当者に伝えました");
		talk.press("ボットとの相談に戻る");
		assertThat(talk.desk).containsExactly("requested", "wrote:まだですか", "cancelled");
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
	}

	@Test
	void aClosedHandoffAsksForARatingThatReachesTheDesk() {
		Talk talk = new Talk().toTargetRole();
		talk.say("/agent");
		talk.agentJoins("佐藤");
		assertThat(talk.agentCloses()).singleElement().asString().contains("1（不満）〜5（満足）");
		talk.press("4");
		assertThat(talk.session.rating()).isEqualTo(4);
		assertThat(talk.desk).contains("rated:4");
		assertThat(talk.session.stage()).isEqualTo(Stage.COMPLETED);
	}

	@Test
	void forgetAsksFirstAndKeepsEverythingWhenCalledOff() {
		Talk talk = new Talk().toTargetRole();
		talk.say("/forget");
		assertThat(talk.labels()).containsExactly("削除する", "やめる");
		assertThat(talk.press("やめる")).first().asString().contains("削除を取りやめました");
		assertThat(talk.effect()).isEqualTo(Effect.STORE);
		assertThat(talk.session.episode()).isNotNull();
		talk.say("/forget");
		talk.press("削除する");
		assertThat(talk.effect()).isEqualTo(Effect.ERASE);
	}

	@Test
	void aButtonNoLongerOnOfferChangesNothing() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		assertThat(talk.pressPayload("role:accounting")).singleElement().asString().contains("そのボタンは今は使えません");
		assertThat(talk.effect()).isEqualTo(Effect.NOTHING);
		assertThat(talk.pressPayload("nonsense")).singleElement().asString().contains("そのボタンは今は使えません");
	}

	@Test
	void twoMisunderstandingsInARowOfferAPerson() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.say("ぴよぴよ");
		assertThat(talk.say("もにょもにょ")).singleElement().asString().contains("担当者に直接相談");
		assertThat(talk.labels().get(0)).isEqualTo("担当者と話す");
	}

	@Test
	void anAnswerThatIsNotAnEpisodeGetsHelpOrIsLeftForLater() {
		for (String refusal : List.of("思いつきません", "特にないです", "ありません", "わかりません")) {
			Talk talk = toEpisode();
			assertThat(talk.say(refusal)).as(refusal).first().asString().contains("後から考えても大丈夫");
			assertThat(talk.session.episode()).as(refusal).isNull();
			assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
		}
		for (String notYet : List.of("経理がいいです", "どう書けばいいですか？", "はい", "営業事務")) {
			Talk talk = toEpisode();
			assertThat(talk.say(notYet)).as(notYet).singleElement().asString().contains("いつ・誰に・何をして・どうなったか");
			assertThat(talk.session.episode()).as(notYet).isNull();
			assertThat(talk.labels()).contains("あとで考える");
		}
		Talk talk = toEpisode();
		talk.say("はい");
		talk.say("経理");
		assertThat(talk.say("うーん")).as("the third time, the episode is left for later")
			.first()
			.asString()
			.contains("後から考えても大丈夫");
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
	}

	@Test
	void aTypedWorryIsQuotedInThePlanInTheUsersOwnWords() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.say("給料が下がるのが心配で…あと評価も");
		assertThat(talk.session.concerns()).containsExactly("pay", "evaluation");
		talk.press("次へ進む");
		talk.press("お客様目線");
		talk.press("次へ進む");
		talk.press("あとで考える");
		String plan = String.join("\n", talk.press("総務"));
		assertThat(plan).contains("・「給料が下がるのが心配で…あと評価も」について：応募前に", "・評価のされ方について：面接で評価制度").doesNotContain("「給料が下がりそう」");
	}

	@Test
	void aForgetAskedWhileWithAnAgentIsAskedAgainWhenTheAgentHandsBack() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.press("給料が下がりそう");
		talk.press("次へ進む");
		talk.press("担当者と話す");
		talk.agentJoins("佐藤");
		assertThat(talk.say("/forget")).singleElement().asString().contains("すべて削除します");
		List<String> back = talk.agentReleases();
		assertThat(back.get(back.size() - 1)).contains("すべて削除します");
		assertThat(talk.labels()).containsExactly("削除する", "やめる");
		talk.press("やめる");
		assertThat(talk.labels()).as("the strengths question with its own buttons")
			.contains("コミュニケーション力", "お客様目線")
			.doesNotContain("削除する", "やめる");
	}

	@Test
	void aRatingKeepsTheCommentWrittenWithItOrBeforeIt() {
		Talk talk = new Talk().toTargetRole();
		talk.press("担当者と話す");
		talk.agentJoins("佐藤");
		talk.agentCloses();
		talk.say("とても親切でした！5です");
		assertThat(talk.desk).contains("rated:5:とても親切でした！5です");

		Talk other = new Talk().toTargetRole();
		other.press("担当者と話す");
		other.agentJoins("佐藤");
		other.agentCloses();
		assertThat(other.say("話を聞いてもらえて安心しました")).singleElement().asString().contains("コメントをありがとうございます");
		other.press("4");
		assertThat(other.desk).contains("rated:4:話を聞いてもらえて安心しました");
	}

	private static Talk toEpisode() {
		Talk talk = new Talk();
		talk.press("相談を始める");
		talk.press("給料が下がりそう");
		talk.press("次へ進む");
		talk.press("お客様目線");
		talk.press("次へ進む");
		return talk;
	}

}
