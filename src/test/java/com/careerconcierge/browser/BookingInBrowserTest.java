package com.careerconcierge.browser;

import java.time.Instant;
import java.time.OffsetDateTime;

import com.careerconcierge.support.MovableClock;
import com.careerconcierge.support.TokyoMorning;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In real Chromium: a job seeker books a 面談 from the web chat by its buttons; the advisor
 * sees it in the console's bookings and records the visit, and the booking shows as
 * attended.
 */
@Import(TokyoMorning.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "concierge.handoff.agent-tokens=alice:" + BookingInBrowserTest.TOKEN,
				"concierge.handoff.days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY" })
class BookingInBrowserTest extends BrowserTest {

	@Autowired
	MovableClock clock;

	static final String TOKEN = "alice-token-0123456789";

	@Test
	void aSlotBookedInTheWebChatAppearsInTheConsoleAndIsMarkedAttended() {
		this.clock.set(TokyoMorning.WEDNESDAY_TEN);
		try (Chromium user = Chromium.desktop("booking-user"); Chromium agent = Chromium.desktop("booking-agent")) {
			ChatPage chat = new ChatPage(user, this.base).open();
			chat.press("相談を始める");
			chat.press("給料が下がりそう");
			chat.press("次へ進む");
			chat.press("コミュニケーション力");
			chat.press("次へ進む");
			chat.type("月に100件の新規電話でアポを取り続けた");
			chat.press("経理");
			assertThat(chat.press("面談を予約する")).contains("オンライン");
			chat.press("12月3日(木)");
			assertThat(chat.press("11:00")).contains("12月3日(木) 11:00〜11:30");
			String done = chat.press("予約する");
			assertThat(done).contains("承りました").contains("12月3日(木) 11:00〜11:30");
			WebElement calendar = user.await("the calendar link",
					(driver) -> driver.findElement(By.id("calendar-link")).isDisplayed()
							? driver.findElement(By.id("calendar-link")) : null);
			assertThat(calendar.getText()).contains("カレンダーに追加");
			assertThat(calendar.getAttribute("href"))
				.endsWith("/api/chat/sessions/" + chat.sessionId() + "/booking.ics");
			user.screenshot("desktop-chat-booked");

			ConsolePage console = new ConsolePage(agent, this.base).open();
			console.signIn("alice");
			agent.await("the count of bookings",
					(driver) -> "1".equals(driver.findElement(By.id("bookings-count")).getText()));
			agent.driver().findElement(By.id("open-bookings")).click();
			WebElement booking = agent.await("the booking in the list",
					(driver) -> driver.findElements(By.cssSelector("#booking-list > li[data-status='booked']"))
						.stream()
						.findFirst()
						.orElse(null));
			assertThat(booking.getText()).contains("12/3")
				.contains("11:00")
				.contains("Web")
				.contains("経理")
				.contains("alice");
			agent.screenshot("desktop-console-bookings");
			// the meeting is over: the advisor records the visit
			this.clock.set(OffsetDateTime.parse("2026-12-03T11:35:00+09:00").toInstant());
			booking.findElement(By.xpath(".//button[normalize-space()='来談']")).click();
			WebElement attended = agent.await("the booking marked attended",
					(driver) -> driver.findElements(By.cssSelector("#booking-list > li[data-status='attended']"))
						.stream()
						.findFirst()
						.orElse(null));
			assertThat(attended.getText()).contains("来談").doesNotContain("無断欠席");

			// the funnel shows what this consultation did, charts drawn by the served
			// uPlot
			agent.driver().findElement(By.id("open-dashboard")).click();
			agent.await("the funnel's table",
					(driver) -> driver.findElements(By.cssSelector("#funnel tbody tr[data-step='attended'] td"))
						.stream()
						.findFirst()
						.orElse(null));
			for (String step : new String[] { "started", "plan_delivered", "booked", "attended" }) {
				assertThat(agent.driver()
					.findElement(By.cssSelector("#funnel tbody tr[data-step='" + step + "'] td"))
					.getText()).as(step).isEqualTo("1");
			}
			assertThat(agent.driver().findElement(By.cssSelector("#funnel tbody tr[data-step='no_show'] td")).getText())
				.isEqualTo("0");
			assertThat(agent.driver().findElements(By.cssSelector("#daily-chart canvas"))).hasSize(1);
			assertThat(agent.driver().findElements(By.cssSelector("#wait-chart canvas"))).hasSize(1);
			agent.screenshot("desktop-dashboard");

			// back in the console, alice sets her own hours: Thursdays from one to three
			agent.driver().findElement(By.linkText("← 担当者コンソール")).click();
			agent.await("the hours button", (driver) -> driver.findElement(By.id("open-hours")).isDisplayed()
					? driver.findElement(By.id("open-hours")) : null)
				.click();
			WebElement thursday = agent.await("the Thursday field", (driver) -> {
				WebElement field = driver.findElement(By.id("hours-thursday"));
				return field.getAttribute("value").contains("09:00-18:00") ? field : null;
			});
			assertThat(agent.driver().findElement(By.id("hours-source")).getText()).contains("営業時間");
			agent.driver().findElements(By.cssSelector("#hours-days input")).forEach(WebElement::clear);
			thursday.sendKeys("13:00-15:00");
			agent.driver().findElement(By.id("hours-save")).click();
			agent.await("saved", (driver) -> driver.findElement(By.id("hours-status")).getText().contains("保存しました"));
			assertThat(agent.driver().findElement(By.id("hours-source")).getText()).isEmpty();
			agent.screenshot("desktop-console-hours");
			// the user (their meeting is over) books again and is offered only her
			// Thursdays
			assertThat(chat.type("もう一度面談を予約したい")).contains("ご都合のよい日");
			assertThat(chat.choices()).contains("12月3日(木)").doesNotContain("12月4日(金)", "12月5日(土)");
			assertThat(agent.scriptErrors()).isEmpty();
			assertThat(user.scriptErrors()).isEmpty();
		}
	}

}
