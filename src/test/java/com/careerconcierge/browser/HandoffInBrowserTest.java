package com.careerconcierge.browser;

import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job seeker on the web chat page and a career agent on the console, each in a real
 * headless Chromium against the running app: the handoff from the bot to the agent and
 * back, as both of them see it. Screenshots of both pages land in
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + HandoffInBrowserTest.ALICE_TOKEN,
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class HandoffInBrowserTest extends BrowserTest {

	static final String ALICE_TOKEN = "alice-token-0123456789";

	@Test
	void aJobSeekerTalksWithAnAgentThroughBothPagesAndGoesBackToTheBot() {
		try (Chromium seeker = Chromium.desktop("seeker"); Chromium agent = Chromium.desktop("agent")) {
			ConsolePage console = new ConsolePage(agent, this.base).open();
			agent.screenshot("desktop-console-1-sign-in");
			console.signIn("alice");
			console.awaitCount("waiting", 0);
			agent.script("window.stillTheSamePage = true;");

			ChatPage chat = new ChatPage(seeker, this.base).open();
			assertThat(chat.choices()).contains("相談を始める");
			assertThat(chat.press("相談を始める")).contains("転職で気になっていること");
			assertThat(chat.press("給料が下がりそう")).contains("年収が下がる場合があります");
			assertThat(chat.type("事務は未経験です")).contains("経験がなくても");
			assertThat(chat.press("次へ進む")).contains("強みの確認");
			assertThat(chat.press("お客様目線")).contains("商品がお客様に届くまで");
			assertThat(chat.press("次へ進む")).contains("ひとつ教えてください");
			assertThat(chat.type("解約しそうな取引先を毎月訪問して引き止めた")).contains("どの職種に関心がありますか");
			assertThat(chat.choices()).contains("経理", "担当者と話す");
			seeker.screenshot("desktop-chat-1-target-role");

			assertThat(chat.press("担当者と話す")).contains("担当者におつなぎします");
			chat.awaitMode("担当者の参加をお待ちください");

			// the agent's queue fills in without a reload
			String queued = console.awaitQueued("waiting", "ゲスト");
			assertThat(queued).contains("Web", "③ 目指す職種", "待ち時間");
			assertThat(agent.script("return window.stillTheSamePage === true;")).isEqualTo(true);
			assertThat(agent.driver().getTitle()).startsWith("(1)");
			console.openFirst("waiting");
			assertThat(console.summary()).contains("給料が下がりそう", "事務の経験がない", "お客様目線", "「解約しそうな取引先を毎月訪問して引き止めた」",
					"③ 目指す職種");
			console.awaitTurn("user", "担当者と話す");
			agent.screenshot("desktop-console-2-waiting");

			console.claim();
			chat.awaitBot("担当者のaliceがチャットに参加しました");
			assertThat(chat.awaitMode("担当者と会話中")).contains("alice");
			console.awaitQueued("active", "対応：あなた");
			console.awaitCount("waiting", 0);

			console.reply("はじめまして、担当のアリスです。経理のお仕事に関心はありますか？");
			WebElement bubble = chat.awaitAgent("担当のアリスです");
			assertThat(bubble.findElement(By.className("who")).getText()).contains("alice");
			assertThat(chat.choices()).isEmpty();

			chat.typeToAgent("経理に興味があります。簿記はまだ持っていません");
			console.awaitTurn("user", "経理に興味があります");
			console.reply("簿記3級から始めるのがおすすめです");
			chat.awaitAgent("簿記3級から");
			seeker.screenshot("desktop-chat-2-with-agent");
			agent.screenshot("desktop-console-3-talking");

			console.release();
			chat.awaitBot("担当者との会話が終わりました");
			chat.awaitBot("どの職種に関心がありますか");
			chat.awaitBotMode();
			assertThat(chat.choices()).contains("経理");
			assertThat(chat.press("経理")).contains("目指す職種は「経理」");
			assertThat(chat.choices()).contains("相談を終える");
			seeker.screenshot("desktop-chat-3-plan");
			console.awaitCount("active", 0);
			console.awaitNotice("ボットに戻しました");
			console.awaitTurn("bot", "担当者との会話が終わりました");
			assertThat(console.canReply()).isFalse();
			agent.screenshot("desktop-console-4-released");

			assertThat(seeker.scriptErrors()).isEmpty();
			assertThat(agent.scriptErrors()).isEmpty();
		}
	}

	@Test
	void anAgentsMessageSentWhileThePageWasClosedIsShownWhenItOpensAgain() {
		try (Chromium seeker = Chromium.desktop("seeker-away"); Chromium agent = Chromium.desktop("agent-away")) {
			ConsolePage console = new ConsolePage(agent, this.base).open();
			console.signIn("alice");
			ChatPage chat = new ChatPage(seeker, this.base).open();
			assertThat(chat.press("担当者と話す")).contains("担当者におつなぎします");
			console.awaitQueued("waiting", "ゲスト");
			console.openFirst("waiting");
			console.claim();
			chat.awaitBot("担当者のaliceがチャットに参加しました");

			// the job seeker leaves the page; the agent writes meanwhile
			seeker.driver().get("about:blank");
			console.reply("お待たせしました。ページを閉じている間に届いたメッセージです");
			console.awaitTurn("agent", "ページを閉じている間に");

			chat.open();
			WebElement missed = chat.awaitAgent("ページを閉じている間に");
			assertThat(missed.findElement(By.className("who")).getText()).contains("alice");
			assertThat(chat.texts("担当者のaliceがチャットに参加しました")).as("shown once").isEqualTo(1);
			assertThat(seeker.scriptErrors()).isEmpty();
		}
	}

	@Test
	void bothPagesWorkOnAPhoneSizedScreen() {
		try (Chromium phone = Chromium.phone("phone-seeker"); Chromium agentPhone = Chromium.phone("phone-agent")) {
			ChatPage chat = new ChatPage(phone, this.base).open();
			phone.screenshot("phone-chat-1-welcome");
			assertThat(chat.press("相談を始める")).contains("転職で気になっていること");
			assertThat(chat.press("向いているか不安")).contains("向き不向き");
			assertThat(chat.type("給料が下がるのが心配")).contains("年収が下がる場合があります");
			assertThat(chat.press("次へ進む")).contains("強みの確認");
			assertThat(chat.press("PC・資料作成")).contains("Excel");
			phone.screenshot("phone-chat-2-strengths");
			assertFitsTheWidth(phone);
			assertThat(isInViewport(phone, "text")).isTrue();
			assertThat(isInViewport(phone, "send")).isTrue();

			assertThat(chat.press("担当者と話す")).contains("担当者におつなぎします");
			chat.awaitMode("担当者の参加をお待ちください");
			assertFitsTheWidth(phone);
			phone.screenshot("phone-chat-3-waiting");

			ConsolePage console = new ConsolePage(agentPhone, this.base).open();
			console.signIn("alice");
			console.awaitQueued("waiting", "ゲスト");
			console.openFirst("waiting");
			assertThat(console.summary()).contains("向いているか不安", "PC・資料作成");
			assertFitsTheWidth(agentPhone);
			agentPhone.screenshot("phone-console-1-waiting");

			console.reply("こんにちは、担当のアリスです。");
			assertThat(chat.awaitMode("担当者と会話中")).contains("alice");
			chat.awaitAgent("担当のアリスです");
			assertFitsTheWidth(phone);
			phone.screenshot("phone-chat-4-with-agent");
			agentPhone.screenshot("phone-console-2-talking");

			assertThat(phone.scriptErrors()).isEmpty();
			assertThat(agentPhone.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aHandoffBeforeTheConsultationShowsWhatTheBotHasNotLearnedYet() {
		WebChat user = new WebChat(this.port);
		user.open();
		user.say("/agent");
		try (Chromium agent = Chromium.desktop("agent-early")) {
			ConsolePage console = new ConsolePage(agent, this.base).open();
			console.signIn("alice");
			assertThat(console.awaitQueued("waiting", "ゲスト")).contains("Web", "開始前", "待ち時間");
			console.openFirst("waiting");
			assertThat(console.summary()).contains("開始前", "（まだ聞けていません）", "（まだ決まっていません）");
			console.awaitTurn("user", "/agent");
		}
	}

	private static void assertFitsTheWidth(Chromium browser) {
		Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
	}

	private static boolean isInViewport(Chromium browser, String id) {
		return (Boolean) browser.script("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
				+ "return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;",
				id);
	}

}
