package com.careerconcierge.browser;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.WebChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent console in a real headless Chromium, with two agents: signing in with a
 * password and out, a wrong password, repeated failures slowed down, a session that ends,
 * another agent taking the conversation on screen, unread counts, and catching up after
 * the event stream drops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"concierge.handoff.agent-tokens=alice:" + AgentConsoleInBrowserTest.ALICE_TOKEN + ",bob:"
						+ AgentConsoleInBrowserTest.BOB_TOKEN,
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class AgentConsoleInBrowserTest extends BrowserTest {

	static final String ALICE_TOKEN = "alice-token-0123456789";

	static final String BOB_TOKEN = "bob-token-0123456789abc";

	@Test
	void aWrongPasswordIsRefusedTheRightOneOpensTheConsoleAndSigningOutEndsTheSession() {
		try (Chromium browser = Chromium.desktop("sign-in")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/login");
			console.typeCredentials("alice", "not-alices-password");
			assertThat(console.awaitSignInMessage()).contains("ログイン名かパスワードが違います");
			browser.screenshot("desktop-console-wrong-password");

			console.signIn("alice");
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/");
			assertThat(browser.driver().findElement(By.id("me")).getText()).isEqualTo("alice");
			// the session cookie is HttpOnly, and nothing is kept in the tab's storage
			assertThat(browser.script("return document.cookie;")).isEqualTo("");
			assertThat(browser.script("return sessionStorage.length + localStorage.length;")).isEqualTo(0L);

			console.signOutForGood();
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void repeatedWrongPasswordsAreSlowedDownEvenForTheRightOne() {
		try (Chromium browser = Chromium.desktop("slow-down")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			for (int i = 0; i < 5; i++) {
				console.typeCredentials("bob", "guess-number-" + i);
				assertThat(console.awaitSignInMessage()).contains("パスワードが違います");
			}
			console.typeCredentials("bob", BrowserTest.PASSWORD);
			assertThat(console.awaitSignInMessage()).contains("秒ほど待ってから");
			assertThat(browser.driver().getCurrentUrl()).contains("/agent/login");
		}
	}

	@Test
	void theConsoleIsServedAtAgentWithAndWithoutTheTrailingSlash() {
		try (Chromium browser = Chromium.desktop("paths")) {
			new ConsolePage(browser, this.base).open("/agent").signIn("alice");
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/");
			new ConsolePage(browser, this.base).open("/agent/");
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/");
			new ConsolePage(browser, this.base).open("/agent");
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aSessionThatEndsOnTheServerSendsTheAgentBackToSignIn() {
		try (Chromium browser = Chromium.desktop("expired")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			console.signIn("alice");
			// as if the session had timed out: Spring Session's keys are gone from Redis
			this.redis.delete(this.redis.keys("spring:session:*"));
			console.open();
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(this.base + "/agent/login");
		}
	}

	@Test
	void theAgentIsToldWhenAnotherAgentTakesTheConversationOnScreen() {
		WebChat user = new WebChat(this.port);
		user.open();
		user.press("相談を始める");
		user.press("事務の経験がない");
		user.press("担当者と話す");
		try (Chromium browser = Chromium.desktop("taken")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			console.signIn("alice");
			console.awaitQueued("waiting", "① 不安の整理");

			user.say("まだですか？");
			browser.await("an unread count of 1",
					(driver) -> driver.findElements(By.cssSelector("#waiting .item .unread"))
						.stream()
						.anyMatch((badge) -> badge.getText().equals("1")));

			console.openFirst("waiting");
			console.awaitTurn("user", "まだですか？");
			assertThat(console.usable("claim")).isTrue();

			AgentApi bob = new AgentApi(this.port, BOB_TOKEN);
			String id = bob.waiting().get(0).get("id").asText();
			assertThat(bob.claim(id).status()).isEqualTo(200);

			assertThat(console.awaitNotice("bob さんがこの相談の対応を始めました")).contains("返信や操作ができません");
			browser.await("the reply box and the buttons to be disabled", (driver) -> !console.canReply()
					&& !console.usable("claim") && !console.usable("release") && !console.usable("close"));
			// another agent's conversation is theirs: it leaves this agent's lists
			browser.await("the conversation to leave the queue",
					(driver) -> driver.findElements(By.cssSelector("#waiting .item, #active .item")).isEmpty());
			browser.screenshot("desktop-console-taken-by-another-agent");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aDraftStaysWithTheConversationItWasTypedFor() {
		WebChat first = new WebChat(this.port);
		first.open();
		first.say("/agent");
		WebChat second = new WebChat(this.port);
		second.open();
		second.say("/agent");
		AgentApi api = new AgentApi(this.port, BOB_TOKEN);
		String firstId = api.waiting().get(0).get("id").asText();
		String secondId = api.waiting().get(1).get("id").asText();
		try (Chromium browser = Chromium.desktop("drafts")) {
			ConsolePage console = new ConsolePage(browser, this.base).open();
			console.signIn("alice");
			console.awaitCount("waiting", 2);

			console.openAt("waiting", 0);
			console.typeDraft("経理の求人を三件お送りします");
			console.openAt("waiting", 1);
			assertThat(console.draft()).isEmpty();
			// Enter in the other conversation sends nothing and claims nothing
			console.pressEnter();
			assertThat(api.waiting()).hasSize(2);

			console.openAt("waiting", 0);
			assertThat(console.draft()).isEqualTo("経理の求人を三件お送りします");
			// a reload keeps it too
			console.open();
			browser.await("the draft to come back after a reload",
					(driver) -> console.draft().equals("経理の求人を三件お送りします"));

			console.pressEnter();
			console.awaitTurn("agent", "経理の求人を三件お送りします");
			assertThat(api.waiting()).hasSize(1);
			assertThat(api.waiting().get(0).get("id").asText()).isEqualTo(secondId);
			WebChat.Response claimed = new AgentApi(this.port, ALICE_TOKEN).get("/api/agent/handoffs/" + firstId);
			assertThat(claimed.body().toString()).contains("\"status\":\"active\"", "\"agent\":\"alice\"");
			console.openAt("waiting", 0);
			assertThat(console.draft()).isEmpty();
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void theConsoleCatchesUpAfterItsEventStreamDrops() {
		try (SeverableProxy proxy = new SeverableProxy(this.port); Chromium browser = Chromium.desktop("reconnect")) {
			ConsolePage console = new ConsolePage(browser, proxy.url()).open();
			console.signIn("alice");
			console.awaitCount("waiting", 0);

			proxy.sever();
			console.awaitStreamDown();
			// a user asks for a person while the console is disconnected
			WebChat user = new WebChat(this.port);
			user.open();
			user.say("/agent");
			browser.screenshot("desktop-console-reconnecting");

			console.awaitLive();
			console.awaitQueued("waiting", "ゲスト");
			console.openFirst("waiting");
			console.claim();

			// and the reconnected stream is live again
			user.say("よろしくお願いします");
			console.awaitTurn("user", "よろしくお願いします");
			console.reply("こちらこそ、よろしくお願いします。");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

}
