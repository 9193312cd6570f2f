package com.careerconcierge.browser;

import java.util.List;

import com.careerconcierge.support.AgentApi;
import com.careerconcierge.support.RedisKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
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
			browser.await("the latest message in view after the reload", (driver) -> (Boolean) browser
				.script("const log = document.getElementById('log');"
						+ " return log.scrollHeight > log.clientHeight && log.scrollTop + log.clientHeight >= log.scrollHeight - 2;"));
			assertThat(chat.sessionId()).isEqualTo(session);
			assertThat(chat.press("次へ進む")).contains("強みの確認");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void theConversationOutlivesItsTabShowsWhatCameMeanwhileAndCanBeStartedOver() {
		try (Chromium browser = Chromium.desktop("reopen")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			chat.press("相談を始める");
			chat.press("評価のされ方が不安");
			chat.press("担当者と話す");
			chat.awaitMode("担当者の参加をお待ちください");
			String session = chat.sessionId();
			List<String> before = chat.transcript();

			// the tab is closed; meanwhile an agent answers
			WebDriver driver = browser.driver();
			String closed = driver.getWindowHandle();
			driver.switchTo().newWindow(WindowType.TAB);
			String reopened = driver.getWindowHandle();
			driver.switchTo().window(closed).close();
			driver.switchTo().window(reopened);
			AgentApi alice = new AgentApi(this.port, HandoffInBrowserTest.ALICE_TOKEN);
			String id = alice.waiting().get(0).get("id").asText();
			AgentApi.ok(alice.say(id, "お待たせしました。評価の仕組みについてお話ししますね。"));

			ChatPage again = new ChatPage(browser, this.base).open();
			assertThat(again.sessionId()).isEqualTo(session);
			assertThat(again.transcript()).startsWith(before.toArray(String[]::new));
			again.awaitAgent("評価の仕組みについて");
			assertThat(again.awaitMode("担当者と会話中")).contains("alice");

			// starting over asks first; 「やめる」 keeps everything
			driver.findElement(By.id("start-over")).click();
			driver.findElement(By.id("start-over-no")).click();
			assertThat(again.sessionId()).isEqualTo(session);
			driver.findElement(By.id("start-over")).click();
			browser.screenshot("desktop-chat-start-over");
			driver.findElement(By.id("start-over-yes")).click();
			again.awaitNewSession();
			assertThat(again.sessionId()).isNotEqualTo(session);
			assertThat(again.choices()).contains("相談を始める");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aSecondTabFollowsWhenTheFirstStartsOver() {
		try (Chromium browser = Chromium.desktop("two-tabs")) {
			WebDriver driver = browser.driver();
			ChatPage first = new ChatPage(browser, this.base).open();
			first.press("相談を始める");
			first.press("評価のされ方が不安");
			String firstTab = driver.getWindowHandle();
			String session = first.sessionId();

			driver.switchTo().newWindow(WindowType.TAB);
			String secondTab = driver.getWindowHandle();
			ChatPage second = new ChatPage(browser, this.base).open();
			assertThat(second.sessionId()).as("the same conversation in both tabs").isEqualTo(session);

			driver.switchTo().window(firstTab);
			driver.findElement(By.id("start-over")).click();
			driver.findElement(By.id("start-over-yes")).click();
			first.awaitNewSession();
			String fresh = first.sessionId();
			assertThat(fresh).isNotEqualTo(session);

			driver.switchTo().window(secondTab);
			browser
				.await("the second tab to follow to the new conversation",
						(d) -> fresh.equals(browser.script(
								"return JSON.parse(localStorage.getItem('careerConcierge.chat') || 'null').sessionId;"))
								&& d.findElements(By.cssSelector("#log li.msg.user")).isEmpty());
			assertThat(second.choices()).contains("相談を始める");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void anEmojiCountsAsOneCharacterAsTheServerCountsIt() {
		try (Chromium browser = Chromium.desktop("emoji-count")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			WebElement input = browser.driver().findElement(By.id("text"));
			// 1,999 emoji are 3,998 UTF-16 units but 1,999 characters: within the limit
			browser.script("arguments[0].value = '😀'.repeat(1999); arguments[0].dispatchEvent(new Event('input'));",
					input);
			WebElement counter = browser.driver().findElement(By.id("counter"));
			assertThat(counter.getText()).startsWith("1999 / 2000").doesNotContain("送れません");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void aMessageThatCouldNotBeSentIsMarkedAndSentAgainOnRequest() {
		try (Chromium browser = Chromium.desktop("failed-send")) {
			ChatPage chat = new ChatPage(browser, this.base).open();
			chat.press("相談を始める");
			// the network goes away for this page
			browser.script("window.fetch = function () { return Promise.reject(new TypeError('offline')); };");
			WebElement input = browser.driver().findElement(By.id("text"));
			input.sendKeys("給料が下がるのが心配です");
			input.sendKeys(Keys.ENTER);
			WebElement failed = browser.await("the message to be marked as not sent",
					(driver) -> driver.findElements(By.cssSelector("#log li.msg.user.failed"))
						.stream()
						.filter((item) -> item.getText().contains("給料が下がるのが心配です"))
						.findFirst()
						.orElse(null));
			assertThat(failed.getText()).contains("送信できませんでした", "再送する");
			assertThat(chat.status()).contains("再送する");
			browser.screenshot("desktop-chat-failed-send");

			// still marked after a reload (the network is back), and sent on request
			chat.reload();
			browser.await("the retry button after the reload",
					(driver) -> driver.findElements(By.cssSelector("#log li.msg.user.failed .retry")).size() == 1);
			browser.driver().findElement(By.cssSelector("#log li.msg.user.failed .retry")).click();
			chat.awaitBot("年収が下がる場合があります");
			assertThat(browser.driver().findElements(By.cssSelector("#log li.msg.failed"))).isEmpty();
			assertThat(chat.transcript().stream().filter((line) -> line.contains("給料が下がるのが心配です"))).hasSize(1);

			// a long message shows how much room is left
			assertThat(browser.driver().findElement(By.id("counter")).isDisplayed()).isFalse();
			browser.driver().findElement(By.id("text")).sendKeys("あ".repeat(1600));
			assertThat(browser.driver().findElement(By.id("counter")).getText()).isEqualTo("1600 / 2000文字");
			// pasted text over the limit is kept whole and refused clearly, not cut
			browser.script("const box = document.getElementById('text'); box.value = 'い'.repeat(2100);"
					+ " box.dispatchEvent(new Event('input'));");
			assertThat(browser.driver().findElement(By.id("counter")).getText()).contains("2100 / 2000文字", "100文字多い");
			browser.driver().findElement(By.id("text")).sendKeys(Keys.ENTER);
			assertThat(chat.status()).contains("2000文字以内", "2100文字");
			assertThat(browser.driver().findElement(By.id("text")).getAttribute("value")).hasSize(2100);
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

	@Test
	void onAPhoneTheEightWorryButtonsLeaveMostOfTheScreenToTheConversation() {
		try (Chromium phone = Chromium.phone("compact-choices")) {
			ChatPage chat = new ChatPage(phone, this.base).open();
			chat.press("相談を始める");
			assertThat(chat.choices()).hasSize(8);
			Number share = (Number) phone
				.script("return document.getElementById('choices').getBoundingClientRect().height"
						+ " / window.innerHeight;");
			phone.screenshot("phone-chat-compact-choices");
			assertThat(share.doubleValue()).as("share of the screen the buttons take").isLessThan(0.31);
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
			// the live region is a container; the messages inside it stay a list
			WebElement region = browser.driver().findElement(By.id("log-region"));
			assertThat(region.getAttribute("role")).isEqualTo("log");
			assertThat(region.getAttribute("aria-live")).isEqualTo("polite");
			WebElement log = region.findElement(By.id("log"));
			assertThat(log.getTagName()).isEqualTo("ol");
			assertThat(log.getAttribute("role")).isNull();
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

			// one Shift+Tab from the message box reaches the buttons; arrows move among
			// them
			List<String> offered = chat.choices();
			input.click();
			keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
			assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo(offered.get(0));
			keys.sendKeys(Keys.ARROW_RIGHT).perform();
			assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo(offered.get(1));
			keys.sendKeys(Keys.ENTER).perform();
			chat.awaitBot("ほかにも気になることはありますか");
			assertThat(browser.scriptErrors()).isEmpty();
		}
	}

}
