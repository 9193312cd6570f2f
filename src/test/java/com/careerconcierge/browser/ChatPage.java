package com.careerconcierge.browser;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A job seeker using the web chat page at {@code /} the way a person does: pressing the
 * buttons, typing and pressing Enter, reading the bubbles.
 */
final class ChatPage {

	private static final By BUBBLES = By.cssSelector("#log > li.msg:not(.typing)");

	private final Chromium browser;

	private final String baseUrl;

	/** Bubbles already read: answers are looked for after these. */
	private int seen;

	ChatPage(Chromium browser, String baseUrl) {
		this.browser = browser;
		this.baseUrl = baseUrl;
	}

	/** Opens the page and waits for the bot's welcome. */
	ChatPage open() {
		this.browser.driver().get(this.baseUrl + "/");
		this.seen = 0;
		awaitBot("こんにちは");
		return this;
	}

	/** Reloads the page (same tab, same session storage). */
	void reload() {
		this.browser.driver().navigate().refresh();
		this.browser.await("the conversation shown again", (driver) -> bubbles().size() >= this.seen);
	}

	/**
	 * Presses a button among the choices and waits for the bot's answer.
	 * @param label the button's label
	 * @return the texts the bot answered with, joined by new lines
	 */
	String press(String label) {
		WebElement button = this.browser.await("a button '" + label + "' among " + choices(),
				(driver) -> driver.findElements(By.cssSelector("#choices button"))
					.stream()
					.filter((candidate) -> candidate.getText().equals(label) && candidate.isEnabled())
					.findFirst()
					.orElse(null));
		button.click();
		return awaitAnswer(label);
	}

	/**
	 * Types a message, sends it with Enter and waits for the bot's answer.
	 * @param text the message
	 * @return the texts the bot answered with
	 */
	String type(String text) {
		enter(text);
		return awaitAnswer(text);
	}

	/**
	 * Types a message for the agent (the bot stays silent) and waits until it is shown as
	 * sent.
	 * @param text the message
	 */
	void typeToAgent(String text) {
		enter(text);
		this.browser.await("the message '" + text + "' shown as sent and the send button free again", (driver) -> {
			List<WebElement> mine = driver.findElements(By.cssSelector("#log > li.msg.user p"));
			return !mine.isEmpty() && mine.get(mine.size() - 1).getText().equals(text)
					&& driver.findElement(By.id("send")).isEnabled();
		});
		this.seen = bubbles().size();
	}

	private void enter(String text) {
		WebElement input = this.browser.driver().findElement(By.id("text"));
		this.browser.await("the send button to be free", (driver) -> driver.findElement(By.id("send")).isEnabled());
		input.sendKeys(text);
		input.sendKeys(Keys.ENTER);
	}

	/** Waits for the bubble of what the user sent, then for the bot's answer after it. */
	private String awaitAnswer(String sent) {
		int before = this.seen;
		String answer = this.browser.await("the bot's answer to '" + sent + "'", (driver) -> {
			if (!driver.findElement(By.id("send")).isEnabled()) {
				return null;
			}
			List<WebElement> all = bubbles();
			int user = -1;
			for (int i = before; i < all.size(); i++) {
				if (all.get(i).getAttribute("class").contains("user")
						&& all.get(i).findElement(By.tagName("p")).getText().equals(sent)) {
					user = i;
					break;
				}
			}
			if (user < 0 || user == all.size() - 1) {
				return null;
			}
			StringBuilder texts = new StringBuilder();
			for (int i = user + 1; i < all.size(); i++) {
				texts.append((texts.length() > 0) ? "\n" : "")
					.append(all.get(i).findElement(By.tagName("p")).getText());
			}
			this.seen = all.size();
			return texts.toString();
		});
		return answer;
	}

	/**
	 * Waits for a new bot bubble containing the text.
	 * @param fragment part of the bot's message
	 * @return the whole message
	 */
	String awaitBot(String fragment) {
		return awaitBubble("bot", fragment);
	}

	/**
	 * How many bubbles contain the text.
	 * @param fragment part of a message
	 * @return the count
	 */
	int texts(String fragment) {
		return (int) bubbles().stream().filter((bubble) -> bubble.getText().contains(fragment)).count();
	}

	/**
	 * Waits for a new agent bubble containing the text.
	 * @param fragment part of the agent's message
	 * @return the bubble
	 */
	WebElement awaitAgent(String fragment) {
		awaitBubble("agent", fragment);
		List<WebElement> agent = this.browser.driver().findElements(By.cssSelector("#log > li.msg.agent"));
		return agent.get(agent.size() - 1);
	}

	private String awaitBubble(String from, String fragment) {
		int before = this.seen;
		return this.browser.await("a new " + from + " message containing '" + fragment + "'", (driver) -> {
			List<WebElement> all = bubbles();
			for (int i = before; i < all.size(); i++) {
				WebElement bubble = all.get(i);
				String text = bubble.findElement(By.tagName("p")).getText();
				if (bubble.getAttribute("class").contains(from) && text.contains(fragment)) {
					this.seen = i + 1;
					return text;
				}
			}
			return null;
		});
	}

	/** The labels of the buttons on offer. */
	List<String> choices() {
		return this.browser.driver()
			.findElements(By.cssSelector("#choices button"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/**
	 * Waits for the banner that says who holds the conversation to contain the text.
	 * @param fragment e.g. {@code 担当者と会話中}
	 * @return the banner's text
	 */
	String awaitMode(String fragment) {
		return this.browser.await("the banner saying '" + fragment + "'", (driver) -> {
			WebElement mode = driver.findElement(By.id("mode"));
			return (mode.isDisplayed() && mode.getText().contains(fragment)) ? mode.getText() : null;
		});
	}

	/** Waits until no banner says that an agent holds (or is awaited in) the chat. */
	void awaitBotMode() {
		this.browser.await("the agent banner to disappear",
				(driver) -> !driver.findElement(By.id("mode")).isDisplayed());
	}

	/** Waits until the page has started over with a new session's welcome alone. */
	void awaitNewSession() {
		this.browser.await("a new session's welcome", (driver) -> {
			List<WebElement> all = bubbles();
			return all.size() == 1 && all.get(0).getText().contains("こんにちは");
		});
		this.seen = 1;
	}

	/**
	 * Waits until the page shows that its event stream dropped, then until it is
	 * connected again.
	 */
	void awaitStreamReconnected() {
		this.browser.await("the page to notice the dropped stream",
				(driver) -> driver.findElement(By.id("connection")).isDisplayed());
		this.browser.await("the stream to be connected again",
				(driver) -> !driver.findElement(By.id("connection")).isDisplayed());
	}

	/**
	 * The id of the chat session this tab holds.
	 * @return the session id, or null
	 */
	String sessionId() {
		return (String) this.browser.script(
				"const s = JSON.parse(localStorage.getItem('careerConcierge.chat') || 'null'); return s && s.sessionId;");
	}

	/** Every bubble: {@code from: text}. */
	List<String> transcript() {
		return bubbles().stream()
			.map((bubble) -> bubble.getAttribute("class").replace("msg ", "") + ": "
					+ bubble.findElement(By.tagName("p")).getText())
			.toList();
	}

	/** The error or notice line under the composer. */
	String status() {
		return this.browser.driver().findElement(By.id("status")).getText();
	}

	private List<WebElement> bubbles() {
		return this.browser.driver().findElements(BUBBLES);
	}

	Chromium browser() {
		return this.browser;
	}

}
