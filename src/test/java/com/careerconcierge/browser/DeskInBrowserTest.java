package com.careerconcierge.browser;

import java.util.List;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.WebChat;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent desk in real Chromium: waiting conversations assigned to the lighter of two
 * online agents and passed on when the assignee stays silent, a canned reply with its
 * variables filled, a private note that never reaches the user, search over earlier
 * conversations, and a waiting user told their place and wait as both change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"concierge.handoff.agent-tokens=alice:" + DeskInBrowserTest.ALICE_TOKEN + ",sue:"
						+ DeskInBrowserTest.SUE_TOKEN + ":supervisor",
				"concierge.handoff.reassign-after=6s", "concierge.handoff.desk-check=300ms",
				"concierge.handoff.queue-update-every=1s", "concierge.handoff.opens=00:00",
				"concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class DeskInBrowserTest extends BrowserTest {

	static final String ALICE_TOKEN = "alice-desk-token-0123456789";

	static final String SUE_TOKEN = "sue-desk-token-0123456789";

	@Test
	void aWaitingConversationGoesToTheLighterOnlineAgentAndOnWhenTheyStaySilent() {
		try (Chromium aliceBrowser = Chromium.desktop("alice"); Chromium bobBrowser = Chromium.desktop("bob")) {
			ConsolePage alice = new ConsolePage(aliceBrowser, this.base).open().signIn("alice");
			ConsolePage bob = new ConsolePage(bobBrowser, this.base).open().signIn("bob");
			AgentApi aliceApi = new AgentApi(this.port, ALICE_TOKEN);

			// alice takes a first conversation: she has one open, bob none
			WebChat first = new WebChat(this.port);
			first.open();
			first.say("/agent");
			String firstId = aliceApi.waiting().get(0).get("id").asText();
			AgentApi.ok(aliceApi.claim(firstId));
			alice.awaitCount("active", 1);

			WebChat second = new WebChat(this.port);
			second.open();
			second.say("/agent");
			assertThat(bob.awaitQueued("waiting", "あなた宛て")).contains("ゲスト Web-");
			assertThat(alice.awaitQueued("waiting", "→ bob")).isNotBlank();
			bobBrowser.screenshot("desktop-desk-assigned-to-bob");

			// bob does not take it within reassign-after: it is offered to alice
			assertThat(alice.awaitQueued("waiting", "あなた宛て")).isNotBlank();
			assertThat(bob.awaitQueued("waiting", "→ alice")).isNotBlank();
			// and a manual claim still has one winner: bob may still take it
			bob.openFirst("waiting");
			bob.claim();
			bob.awaitQueued("active", "対応：あなた");
			alice.awaitCount("waiting", 0);
			assertThat(aliceBrowser.scriptErrors()).isEmpty();
			assertThat(bobBrowser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aCannedReplyIsFilledForTheUserAndANoteNeverReachesThem() {
		AgentApi sue = new AgentApi(this.port, SUE_TOKEN);
		AgentApi.ok(sue.put("/api/agent/canned/role", "{\"text\": \"{role}をご希望とのこと、強みの「{strength}」が活きます。\"}"));
		try (Chromium seeker = Chromium.desktop("seeker"); Chromium agent = Chromium.desktop("agent")) {
			ChatPage chat = new ChatPage(seeker, this.base).open();
			chat.press("相談を始める");
			chat.press("給料が下がりそう");
			chat.press("次へ進む");
			chat.press("お客様目線");
			chat.press("次へ進む");
			chat.type("解約しそうな取引先を毎月訪問して引き止めた");
			chat.press("担当者と話す");
			chat.awaitMode("担当者の参加をお待ちください");

			ConsolePage console = new ConsolePage(agent, this.base).open().signIn("alice");
			console.openFirst("waiting");
			console.claim();
			chat.awaitMode("担当者と会話中");

			WebElement reply = agent.driver().findElement(By.id("reply-text"));
			reply.sendKeys("/ro");
			agent.await("the canned reply suggested",
					(driver) -> driver.findElement(By.id("canned-suggest")).isDisplayed());
			reply.sendKeys(Keys.TAB);
			assertThat(console.draft()).isEqualTo("ご希望の職種をご希望とのこと、強みの「お客様目線」が活きます。");
			agent.screenshot("desktop-desk-canned");
			console.pressEnter();
			chat.awaitAgent("強みの「お客様目線」が活きます");

			agent.driver().findElement(By.id("note-text")).sendKeys("夕方なら電話に出られるとのこと");
			agent.driver().findElement(By.id("note-save")).click();
			agent.await("the note listed",
					(driver) -> driver.findElement(By.id("notes")).getText().contains("夕方なら電話に出られるとのこと"));
			assertThat(agent.driver().findElement(By.id("notes")).getText()).contains("alice");

			console.reply("ほかに気になることはありますか？");
			chat.awaitAgent("ほかに気になることはありますか");
			assertThat(chat.transcript()).noneMatch((text) -> text.contains("夕方なら電話"));
			chat.reload();
			seeker.await("the conversation shown again after a reload",
					(driver) -> chat.transcript().stream().anyMatch((text) -> text.contains("ほかに気になることは")));
			assertThat(chat.transcript()).noneMatch((text) -> text.contains("夕方なら電話"));
			assertThat(agent.scriptErrors()).isEmpty();
		}
	}

	@Test
	void searchFindsAnEarlierConversationByWhatTheUserWrote() {
		AgentApi aliceApi = new AgentApi(this.port, ALICE_TOKEN);
		WebChat user = new WebChat(this.port);
		user.open();
		user.say("/agent");
		String id = aliceApi.waiting().get(0).get("id").asText();
		AgentApi.ok(aliceApi.claim(id));
		user.say("いまは日商簿記2級の勉強をしています");
		AgentApi.ok(aliceApi.close(id));
		new WebChat(this.port).open(); // another user who said nothing of it

		try (Chromium agent = Chromium.desktop("agent")) {
			ConsolePage console = new ConsolePage(agent, this.base).open().signIn("alice");
			WebElement search = agent.driver().findElement(By.id("search-q"));
			search.sendKeys("簿記２級"); // full-width digit: found all the same
			search.sendKeys(Keys.ENTER);
			agent.await("one search result",
					(driver) -> driver.findElements(By.cssSelector("#history-list .item")).size() == 1);
			String found = agent.driver().findElement(By.cssSelector("#history-list .item")).getText();
			assertThat(found).contains("終了", "alice");
			agent.screenshot("desktop-desk-search");
			agent.driver().findElement(By.cssSelector("#history-list .item")).click();
			console.awaitTurn("user", "日商簿記2級");

			// the history lists it under its outcome, not under another
			agent.driver().findElement(By.id("open-history")).click();
			agent.await("the closed conversation in the history",
					(driver) -> driver.findElements(By.cssSelector("#history-list .item")).size() == 1);
			new org.openqa.selenium.support.ui.Select(agent.driver().findElement(By.id("history-outcome")))
				.selectByValue("released");
			agent.driver().findElement(By.cssSelector("#history-filter button")).click();
			agent.await("no released conversation",
					(driver) -> driver.findElement(By.id("history-status")).getText().contains("該当する相談はありません"));
			assertThat(agent.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aWaitingUserIsToldTheirPlaceAndWaitAsTheQueueMoves() {
		AgentApi aliceApi = new AgentApi(this.port, ALICE_TOKEN);
		try (Chromium seeker = Chromium.desktop("seeker"); Chromium agent = Chromium.desktop("agent")) {
			// alice is online, so there is an estimate to give
			new ConsolePage(agent, this.base).open().signIn("alice");
			WebChat ahead = new WebChat(this.port);
			ahead.open();
			ahead.say("/agent");

			ChatPage chat = new ChatPage(seeker, this.base).open();
			String asked = chat.type("/agent");
			assertThat(asked).contains("いま2番目", "目安はおよそ");
			seeker.screenshot("desktop-desk-position-2");

			List<JsonNode> waiting = List.of(aliceApi.waiting().get(0));
			AgentApi.ok(aliceApi.claim(waiting.get(0).get("id").asText()));
			String moved = chat.awaitBot("いま1番目です");
			assertThat(moved).contains("目安はおよそ");
			seeker.screenshot("desktop-desk-position-1");
			assertThat(chat.texts("いま1番目です")).isEqualTo(1);
			assertThat(seeker.scriptErrors()).isEmpty();
		}
	}

}
