package com.careerconcierge.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisors' review loop in real Chromium: a job seeker types something the bot does
 * not understand; an advisor sees it in the console with its stage and count, attaches a
 * word of it to a choice in one step, and the same message is understood at once, without
 * a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concierge.handoff.agent-tokens=alice:" + TeachTheBotInBrowserTest.TOKEN)
class TeachTheBotInBrowserTest extends BrowserTest {

	static final String TOKEN = "alice-token-0123456789";

	static final String MISSED = "会社の雰囲気になじめるか心配です";

	@Test
	void aMissedMessageIsAttachedToAChoiceInTheConsoleAndThenUnderstood() {
		try (Chromium user = Chromium.desktop("teach-user"); Chromium agent = Chromium.desktop("teach-agent")) {
			ChatPage chat = new ChatPage(user, this.base).open();
			chat.press("相談を始める");
			assertThat(chat.type(MISSED)).contains("うまく読み取れませんでした");

			ConsolePage console = new ConsolePage(agent, this.base).open();
			console.signIn("alice");
			WebElement row = console.awaitMissed(MISSED);
			assertThat(row.findElement(By.cssSelector(".missed-meta")).getText()).contains("① 不安の整理").contains("1回");
			agent.screenshot("desktop-console-missed");
			console.teach(row, "不安：向いているか不安", "言葉として（この言葉を含むと選びます）", "なじめるか");
			assertThat(agent.driver().findElements(By.cssSelector("#missed > li"))).isEmpty();
			assertThat(agent.driver().findElement(By.id("vocab-history")).getAttribute("textContent")).contains("alice")
				.contains("「なじめるか」→ 向いているか不安");
			agent.screenshot("desktop-console-taught");

			assertThat(chat.type(MISSED)).contains("向き不向き").doesNotContain("うまく読み取れませんでした");

			console.unteach("なじめるか");
			assertThat(chat.type("それでもなじめるか心配")).contains("うまく読み取れませんでした");
			assertThat(agent.scriptErrors()).isEmpty();
			assertThat(user.scriptErrors()).isEmpty();
		}
	}

}
