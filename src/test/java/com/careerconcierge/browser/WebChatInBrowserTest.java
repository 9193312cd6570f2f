package com.careerconcierge.browser;

import java.util.List;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat page in a real headless Chromium: reloads, lost sessions, a dropped event
 * stream and keyboard use. Same settings as {@link HandoffInBrowserTest}, so the two
 * share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + HandoffInBrowserTest.ALICE_TOKEN,
				"concierge.handoff.opens=00:00", "concierge.handoff.closes=23:59:59.999",
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class WebChatInBrowserTest extends BrowserTest {

	@Test
	void aReloadShowsTheSameConversationAndContinuesIt() {
		try (Chromium browser = Chromium.desktop("reload")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			chat.press("相談を始める");
			chat.press("評価のされ方が不安");
			String session = chat.sessionId();
			List<String> before = chat.transcript();
			List<String> offered = chat.choices();

			chat.reload();
			assertThat(chat.transcript()).isEqualTo(before);
			assertThat(chat.choices()).isEqualTo(offered);
			assertThat(chat.sessionId()).isEqualTo(session);
			assertThat(chat.press("次へ進む")).contains("強みの確認");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aSessionThatIsGoneIsReplacedByANewOne() {
		try (Chromium browser = Chromium.desktop("gone")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			chat.press("相談を始める");
			String first = chat.sessionId();

			new RedisKeys(this.redis).flush(); // the session expired or was deleted
			browser.driver().findElement(By.cssSelector("#choices button")).click();
			chat.awaitNewSession();
			assertThat(chat.status()).contains("新しく相談を始めます");
			assertThat(chat.choices()).contains("相談を始める");
			assertThat(chat.sessionId()).isNotEqualTo(first);

			// after a reload too: the event stream answers 404 for a vanished session
			String second = chat.sessionId();
			new RedisKeys(this.redis).flush();
			chat.reload();
			browser.await("a new session after the reload",
					(driver) -> chat.sessionId() != null && !chat.sessionId().equals(second));
			chat.awaitNewSession();
			assertThat(chat.press("相談を始める")).contains("転職で気になっていること");
			browser.screenshot("desktop-chat-new-session");
		}
	}

	@Test
	void anAgentsMessageArrivesAfterTheEventStreamDroppedAndReconnected() {
		try (SeverableProxy proxy = new SeverableProxy(this.port); Chromium browser = Chromium.desktop("dropped")) {
			ChatPage chat = new ChatPage(browser, proxy.url()).open();
			chat.press("担当者と話す");
			chat.awaitMode("担当者の参加をお待ちください");

			proxy.sever();
			chat.awaitStreamReconnected();

			AgentApi alice = new AgentApi(this.port, HandoffInBrowserTest.ALICE_TOKEN);
			String id = alice.waiting().get(0).get("id").asText();
			AgentApi.ok(alice.say(id, "お待たせしました、担当のアリスです。"));
			chat.awaitBot("担当者のaliceがチャットに参加しました");
			chat.awaitAgent("担当のアリスです");
			assertThat(chat.awaitMode("担当者と会話中")).contains("alice");
		}
	}

	@Test
	void theChatWorksFromTheKeyboardAlone() {
		try (Chromium browser = Chromium.desktop("keyboard")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			WebElement log = browser.driver().findElement(By.id("log"));
			assertThat(log.getAttribute("role")).isEqualTo("log");
			assertThat(log.getAttribute("aria-live")).isEqualTo("polite");
			assertThat(browser.driver().findElement(By.cssSelector("label[for=text]")).getAttribute("textContent"))
				.isEqualTo("メッセージ");

			// Tab to the first button and press it with Enter
			Actions keys = new Actions(browser.driver());
			browser.await("the first button to get the focus by Tab", (driver) -> {
				keys.sendKeys(Keys.TAB).perform();
				return "相談を始める".equals(driver.switchTo().activeElement().getText());
			});
			keys.sendKeys(Keys.ENTER).perform();
			chat.awaitBot("転職で気になっていること");

			// Shift+Enter makes a new line, Enter sends
			WebElement input = browser.driver().findElement(By.id("text"));
			input.sendKeys("給料が心配です");
			keys.keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
			input.sendKeys("評価も気になります");
			assertThat(input.getAttribute("value")).isEqualTo("給料が心配です\n評価も気になります");
			input.sendKeys(Keys.ENTER);
			chat.awaitBot("年収が下がる場合があります");
			assertThat(input.getAttribute("value")).isEmpty();
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

}
