package com.careerconcierge.channel.web;

import java.util.List;

import com.careerconcierge.support.RedisKeys;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job seeker goes through the consultation on the web chat, against the real app and a
 * real (embedded) Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebChatConsultationTest {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redisTemplate;

	RedisKeys redis;

	WebChat chat;

	@BeforeEach
	void setUp() {
		this.redis = new RedisKeys(this.redisTemplate);
		this.redis.flush();
		this.chat = new WebChat(this.port);
	}

	@Test
	void walksThroughAllFourStagesToAPersonalPlanWithButtons() {
		assertThat(this.chat.open()).singleElement().asString().contains("キャリア相談ボット");
		assertThat(this.chat.labels()).containsExactly("相談を始める", "担当者と話す");

		this.chat.press("相談を始める");
		assertThat(this.chat.labels()).contains("事務の経験がない", "給料が下がりそう", "担当者と話す").doesNotContain("次へ進む");
		assertThat(this.chat.press("給料が下がりそう")).first().asString().contains("インセンティブ");
		assertThat(this.chat.labels()).doesNotContain("給料が下がりそう").contains("次へ進む");
		this.chat.press("事務の経験がない");
		assertThat(this.chat.lastText()).contains("ポテンシャル採用");
		this.chat.press("次へ進む");

		assertThat(this.chat.labels()).containsExactly("コミュニケーション力", "お客様目線", "目標に向かう行動力", "PC・資料作成", "担当者と話す");
		this.chat.press("お客様目線");
		this.chat.press("PC・資料作成");
		assertThat(this.chat.press("次へ進む")).last().asString().contains("「お客様目線」と「PC・資料作成」");
		assertThat(this.chat.labels()).containsExactly("あとで考える", "担当者と話す");
		this.chat.say("取引先ごとに見積書のExcelテンプレートを作り、作成時間を半分にした");
		assertThat(this.chat.lastText()).contains("この体験の伝え方");

		assertThat(this.chat.labels()).contains("営業事務", "経理", "法務", "まだわからない");
		List<String> plan = this.chat.press("経理");

		assertThat(plan).hasSizeLessThanOrEqualTo(5);
		String all = String.join("\n", plan);
		assertThat(all).contains("経理")
			.contains("① 強みを体験で示す", "② 志望動機", "③ 求人", "④ 気にされていたこと")
			.contains("取引先ごとに見積書のExcelテンプレートを作り")
			.contains("お客様の立場で考える力を活かしながら簿記を学び")
			.contains("「経理 未経験OK」")
			.contains("・お給料のことについて：", "・事務の経験がないことについて：");
		assertThat(this.chat.labels()).containsExactly("面談を予約する", "担当者と話す", "相談を終える", "最初からやり直す");
		this.chat.press("相談を終える");
		assertThat(this.chat.labels()).contains("プランをもう一度見る");
		assertThat(this.chat.press("プランをもう一度見る")).anySatisfy((text) -> assertThat(text).contains("④ 気にされていたこと"));
	}

	@Test
	void walksThroughAllFourStagesByTypingOnly() {
		this.chat.open();
		this.chat.say("はじめる");
		assertThat(this.chat.say("給料が下がるのが心配")).first().asString().contains("インセンティブ");
		this.chat.say("次へ");
		assertThat(this.chat.say("コミュニケーション力")).first().asString().contains("部署");
		assertThat(this.chat.say("以上です")).last().asString().contains("コミュニケーション力");
		this.chat.say("新規開拓で月に100件電話して、アポ率を2倍にした");
		List<String> plan = this.chat.say("経理の仕事に興味があります");
		assertThat(String.join("\n", plan)).contains("目指す職種は「経理」").contains("月に100件電話して").contains("簿記");
		assertThat(this.chat.say("相談を終える")).singleElement().asString().contains("ありがとうございました");
	}

	@Test
	void typingIsForgivingAboutWidthAndKana() {
		this.chat.open();
		this.chat.say("ｿｳﾀﾞﾝｦﾊｼﾞﾒﾙ");
		assertThat(this.chat.labels()).contains("事務の経験がない");
		// Half-width katakana and full-width letters still name the choices.
		assertThat(this.chat.say("ｲﾝｾﾝﾃｨﾌﾞがなくなるのが不安")).first().asString().contains("インセンティブ");
		this.chat.say("次へ");
		assertThat(this.chat.say("ＥＸＣＥＬの集計が得意")).first().asString().contains("Excel");
	}

	@Test
	void acceptsSeveralConcernsInOneMessage() {
		this.chat.open();
		this.chat.press("相談を始める");
		List<String> replies = this.chat.say("未経験だし、給料も下がりそうで、評価も気になります");
		assertThat(replies).hasSize(4);
		assertThat(this.chat.labels()).doesNotContain("事務の経験がない", "給料が下がりそう", "評価のされ方が不安")
			.contains("毎日同じ仕事で飽きそう", "次へ進む");
	}

	@Test
	void insistsOnAtLeastOneChoiceBeforeMovingOn() {
		this.chat.open();
		this.chat.press("相談を始める");
		assertThat(this.chat.say("次へ")).first().asString().contains("1つ以上");
		assertThat(this.chat.labels()).contains("事務の経験がない");
	}

	@Test
	void fitCheckRecommendsARoleThatTheUserCanAcceptOrChange() {
		reachTargetRole();
		this.chat.press("まだわからない");
		assertThat(this.chat.lastText()).contains("質問1/4");
		this.chat.press("いいえ");
		this.chat.press("はい");
		this.chat.press("いいえ");
		this.chat.press("はい");
		// supporting people and behind the scenes: general affairs (2+2) beats HR (3) and
		// sales admin (3)
		assertThat(this.chat.lastText()).contains("「総務」が合っていそうです");
		assertThat(this.chat.labels()).containsExactly("この職種で進める", "ほかの職種を選ぶ", "担当者と話す");
		this.chat.press("ほかの職種を選ぶ");
		assertThat(this.chat.labels()).contains("人事", "総務");
		this.chat.press("まだわからない");
		this.chat.say("はい");
		this.chat.say("いいえ");
		this.chat.say("いいえ");
		this.chat.say("いいえ");
		assertThat(this.chat.lastText()).contains("「はい」が少なかったので");
		assertThat(this.chat.lastText()).contains("「経理」が合っていそうです").contains("簿記");
		List<String> plan = this.chat.press("この職種で進める");
		assertThat(String.join("\n", plan)).contains("目指す職種は「経理」");
	}

	@Test
	void fourNoesOfferAnAdvisorInsteadOfARole() {
		reachTargetRole();
		this.chat.press("まだわからない");
		for (int i = 0; i < 4; i++) {
			this.chat.press("いいえ");
		}
		assertThat(this.chat.lastText()).contains("キャリアアドバイザーと一緒に").doesNotContain("合っていそうです");
		assertThat(this.chat.labels()).first().isEqualTo("担当者と話す");
		assertThat(this.chat.labels()).contains("営業事務", "法務");
	}

	@Test
	void resetStartsOverWithNothingRemembered() {
		reachTargetRole();
		assertThat(this.chat.say("/reset")).first().asString().contains("最初からやり直します");
		assertThat(this.chat.labels()).containsExactly("相談を始める", "担当者と話す");
		this.chat.press("相談を始める");
		assertThat(this.chat.labels()).contains("給料が下がりそう").doesNotContain("次へ進む");
		assertThat(this.redis.session(this.chat.sessionId())).doesNotContain("pay").contains("CONCERNS");
	}

	@Test
	void forgetDeletesEverythingStoredAboutTheUserOnceConfirmed() {
		reachTargetRole();
		assertThat(this.redis.ofWebUser(this.chat.sessionId())).isNotEmpty();
		assertThat(this.chat.say("/forget")).singleElement().asString().contains("よろしいですか");
		assertThat(this.chat.labels()).containsExactly("削除する", "やめる");
		this.chat.press("削除する");
		assertThat(this.chat.lastText()).contains("削除しました");
		assertThat(this.redis.ofWebUser(this.chat.sessionId())).isEmpty();
		assertThat(this.chat.send(java.util.Map.of("text", "こんにちは")).status()).isEqualTo(404);
	}

	@Test
	void forgetCanBeCalledOffAndTheConsultationContinues() {
		reachTargetRole();
		this.chat.say("/forget");
		assertThat(this.chat.say("やめる")).first().asString().contains("取りやめました");
		assertThat(this.chat.labels()).contains("経理");
		assertThat(this.redis.session(this.chat.sessionId())).contains("TARGET_ROLE").contains("pay");
	}

	@Test
	void offersAPersonAfterTwoMisunderstandingsInARow() {
		this.chat.open();
		this.chat.press("相談を始める");
		assertThat(this.chat.say("あいうえお")).first().asString().contains("読み取れませんでした");
		assertThat(this.chat.say("かきくけこ")).singleElement().asString().contains("担当者に直接相談");
		assertThat(this.chat.labels()).first().isEqualTo("担当者と話す");
		assertThat(this.chat.labels()).contains("給料が下がりそう");
		this.chat.press("担当者と話す");
		assertThat(this.chat.lastText()).contains("担当者におつなぎします");
		assertThat(this.redis.session(this.chat.sessionId())).contains("WAITING_FOR_AGENT");
	}

	@Test
	void askingForAPersonWaitsAndCancellingResumesWhereTheUserWas() {
		reachTargetRole();
		this.chat.say("担当者と話したいです");
		assertThat(this.chat.lastText()).contains("担当者におつなぎします");
		assertThat(this.chat.labels()).containsExactly("ボットとの相談に戻る");
		assertThat(this.chat.say("まだですか？")).singleElement().asString().contains("お待ちください");
		this.chat.press("ボットとの相談に戻る");
		assertThat(this.chat.lastText()).contains("どの職種に関心がありますか");
		assertThat(this.chat.labels()).contains("経理", "まだわからない");
	}

	@Test
	void slashAgentAndOperatorWordsAskForAPersonToo() {
		this.chat.open();
		assertThat(this.chat.say("/agent")).singleElement().asString().contains("担当者におつなぎします");
		this.chat.press("ボットとの相談に戻る");
		assertThat(this.chat.labels()).contains("相談を始める");
		assertThat(this.chat.say("オペレーターをお願いします")).singleElement().asString().contains("担当者におつなぎします");
	}

	@Test
	void helpExplainsTheCommandsAndKeepsTheButtons() {
		reachTargetRole();
		assertThat(this.chat.say("/help")).singleElement().asString().contains("/reset").contains("/forget");
		assertThat(this.chat.labels()).contains("経理");
	}

	@Test
	void keysShareTheUsersHashTagAndExpire() {
		reachTargetRole();
		String prefix = "cc:{web:" + this.chat.sessionId() + "}:";
		// the session, the transcript, and the outbox that keeps the page's history
		assertThat(this.redis.ofWebUser(this.chat.sessionId())).containsExactlyInAnyOrder(prefix + "session",
				prefix + "transcript", prefix + "outbox", prefix + "seq", prefix + "delivery");
		for (String key : this.redis.ofWebUser(this.chat.sessionId())) {
			Long ttl = this.redisTemplate.getExpire(key);
			assertThat(ttl).isBetween(29L * 24 * 3600, 30L * 24 * 3600);
		}
		List<String> transcript = this.redisTemplate.opsForList()
			.range("cc:{web:" + this.chat.sessionId() + "}:transcript", 0, -1);
		assertThat(transcript)
			.anySatisfy((turn) -> assertThat(turn).contains("\"from\":\"user\"").contains("給料が下がりそう"));
		assertThat(transcript).anySatisfy((turn) -> assertThat(turn).contains("\"from\":\"bot\""));
	}

	private void reachTargetRole() {
		this.chat.open();
		this.chat.press("相談を始める");
		this.chat.press("給料が下がりそう");
		this.chat.press("次へ進む");
		this.chat.press("コミュニケーション力");
		this.chat.press("次へ進む");
		this.chat.press("あとで考える");
		assertThat(this.chat.lastText()).contains("どの職種に関心がありますか");
	}

}
