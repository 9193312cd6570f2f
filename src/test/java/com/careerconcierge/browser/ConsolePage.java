package com.careerconcierge.browser;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A career agent using the console at {@code /agent/}: signs in, watches the queue, opens
 * a conversation, claims, replies, releases and closes.
 */
final class ConsolePage {

	private final Chromium browser;

	private final String baseUrl;

	ConsolePage(Chromium browser, String baseUrl) {
		this.browser = browser;
		this.baseUrl = baseUrl;
	}

	/** Opens the console; shows the sign-in form unless this tab is signed in. */
	ConsolePage open() {
		return open("/agent/");
	}

	/**
	 * Opens the console at a path.
	 * @param path {@code /agent/} or {@code /agent}
	 * @return this page
	 */
	ConsolePage open(String path) {
		this.browser.driver().get(this.baseUrl + path);
		// the title carries the number waiting, "(2) 担当者コンソール…", once the page's script
		// has run
		if (!this.browser.driver().getTitle().contains("担当者コンソール")) {
			throw new AssertionError("GET " + path + " did not serve the agent console (static/agent/index.html; "
					+ "the app must forward /agent/ to it and redirect /agent to /agent/) but: "
					+ this.browser.driver().findElement(By.tagName("body")).getText());
		}
		this.browser.await("the console page or its sign-in form",
				(driver) -> driver.findElements(By.id("signin-view")).stream().anyMatch(WebElement::isDisplayed)
						|| driver.findElements(By.id("console-view")).stream().anyMatch(WebElement::isDisplayed));
		return this;
	}

	/**
	 * Signs in with the password every browser test's agents have, and waits until the
	 * live event stream is connected.
	 * @param login the agent's login
	 * @return this page
	 */
	ConsolePage signIn(String login) {
		typeCredentials(login, BrowserTest.PASSWORD);
		awaitLive();
		return this;
	}

	/** Fills in the sign-in form and presses Enter. */
	void typeCredentials(String login, String password) {
		WebElement name = this.browser.await("the login field",
				(driver) -> driver.findElement(By.id("username")).isDisplayed() ? driver.findElement(By.id("username"))
						: null);
		name.clear();
		name.sendKeys(login);
		WebElement secret = this.browser.driver().findElement(By.id("password"));
		secret.clear();
		secret.sendKeys(password);
		secret.sendKeys(Keys.ENTER);
	}

	/** Waits until the event stream is connected (the agent's name is shown). */
	void awaitLive() {
		this.browser.await("the live event stream",
				(driver) -> "up".equals(driver.findElement(By.id("live")).getAttribute("data-state"))
						&& !driver.findElement(By.id("me")).getText().equals("—"));
	}

	/** Waits until the page shows that its event stream dropped. */
	void awaitStreamDown() {
		this.browser.await("the console to notice the dropped stream",
				(driver) -> "down".equals(driver.findElement(By.id("live")).getAttribute("data-state")));
	}

	/** The sign-in form's message, once shown. */
	String awaitSignInMessage() {
		return this.browser.await("a message on the sign-in form", (driver) -> {
			WebElement error = driver.findElement(By.id("signin-error"));
			return (driver.findElement(By.id("signin-view")).isDisplayed() && !error.getText().isBlank())
					? error.getText() : null;
		});
	}

	/**
	 * Waits for a conversation in the queue.
	 * @param queue {@code waiting} or {@code active}
	 * @param fragment text the queue entry contains
	 * @return the entry's text
	 */
	String awaitQueued(String queue, String fragment) {
		return this.browser.await("a " + queue + " conversation showing '" + fragment + "'",
				(driver) -> driver.findElements(By.cssSelector("#" + queue + " .item"))
					.stream()
					.map(WebElement::getText)
					.filter((text) -> text.contains(fragment))
					.findFirst()
					.orElse(null));
	}

	/**
	 * Waits until the queue holds exactly this many conversations.
	 * @param queue {@code waiting} or {@code active}
	 * @param count how many
	 */
	void awaitCount(String queue, int count) {
		this.browser.await(count + " " + queue + " conversations",
				(driver) -> driver.findElements(By.cssSelector("#" + queue + " .item")).size() == count
						&& driver.findElement(By.id(queue + "-count")).getText().equals(String.valueOf(count)));
	}

	/** Entries of a queue, as shown. */
	List<String> queue(String queue) {
		return this.browser.driver()
			.findElements(By.cssSelector("#" + queue + " .item"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/**
	 * Opens the first conversation of a queue and waits for its summary.
	 * @param queue {@code waiting} or {@code active}
	 */
	void openFirst(String queue) {
		clickItem(queue, 0);
		this.browser.await("the conversation's summary",
				(driver) -> driver.findElement(By.id("conv")).isDisplayed()
						&& !driver.findElement(By.id("summary-stage")).getText().equals("—")
						&& !driver.findElements(By.cssSelector("#transcript .turn")).isEmpty());
	}

	/**
	 * Opens the conversation at this place in a queue and waits for its transcript.
	 * @param queue {@code waiting} or {@code active}
	 * @param index its place, from 0
	 */
	void openAt(String queue, int index) {
		clickItem(queue, index);
		this.browser.await("conversation " + index + " of " + queue + " to be shown", (driver) -> "true"
			.equals(driver.findElements(By.cssSelector("#" + queue + " .item")).get(index).getAttribute("aria-current"))
				&& !driver.findElements(By.cssSelector("#transcript .turn")).isEmpty());
	}

	/**
	 * Clicks a conversation of a queue; the queue is drawn anew on every event, so a
	 * click that finds its item replaced tries again.
	 */
	private void clickItem(String queue, int index) {
		this.browser.await("conversation " + index + " of " + queue + " to open", (driver) -> {
			List<WebElement> items = driver.findElements(By.cssSelector("#" + queue + " .item"));
			if (items.size() <= index) {
				return null;
			}
			try {
				items.get(index).click();
				return true;
			}
			catch (org.openqa.selenium.StaleElementReferenceException ex) {
				return null;
			}
		});
	}

	/** Types into the reply box without sending. */
	void typeDraft(String text) {
		this.browser.driver().findElement(By.id("reply-text")).sendKeys(text);
	}

	/** Presses Enter in the reply box. */
	void pressEnter() {
		this.browser.driver().findElement(By.id("reply-text")).sendKeys(Keys.ENTER);
	}

	/** What the reply box holds. */
	String draft() {
		return this.browser.driver().findElement(By.id("reply-text")).getAttribute("value");
	}

	/** The summary box's text. */
	String summary() {
		return this.browser.driver().findElement(By.id("summary")).getText();
	}

	/** The conversation header's status line. */
	String meta() {
		return this.browser.driver().findElement(By.id("conv-meta")).getText();
	}

	void claim() {
		click("claim");
		this.browser.await("the conversation to be ours", (driver) -> meta().contains("あなたが対応中"));
	}

	void release() {
		click("release");
		this.browser.await("the conversation to be handed back", (driver) -> meta().contains("ボットに戻しました"));
	}

	void close() {
		click("close");
		this.browser.await("the conversation to be closed", (driver) -> meta().contains("終了"));
	}

	/**
	 * Types a reply, sends it with Enter and waits until it is in the transcript.
	 * @param text the reply
	 */
	void reply(String text) {
		WebElement box = this.browser.await("the reply box to be usable",
				(driver) -> driver.findElement(By.id("reply-text")).isEnabled()
						? driver.findElement(By.id("reply-text")) : null);
		box.sendKeys(text);
		box.sendKeys(Keys.ENTER);
		awaitTurn("agent", text);
		this.browser.await("the reply box to be emptied", (driver) -> box.getAttribute("value").isEmpty());
	}

	/**
	 * Waits for a transcript turn.
	 * @param from {@code user}, {@code bot} or {@code agent}
	 * @param fragment part of its text
	 * @return the turn's text
	 */
	String awaitTurn(String from, String fragment) {
		return this.browser.await("a " + from + " turn containing '" + fragment + "' in the transcript",
				(driver) -> driver.findElements(By.cssSelector("#transcript .turn." + from + " .turn-text"))
					.stream()
					.map(WebElement::getText)
					.filter((text) -> text.contains(fragment))
					.findFirst()
					.orElse(null));
	}

	/**
	 * Waits for the notice above the summary to contain the text.
	 * @param fragment part of the notice
	 * @return the notice
	 */
	String awaitNotice(String fragment) {
		return this.browser.await("a notice containing '" + fragment + "'", (driver) -> {
			WebElement notice = driver.findElement(By.id("notice"));
			return (notice.isDisplayed() && notice.getText().contains(fragment)) ? notice.getText() : null;
		});
	}

	boolean canReply() {
		return this.browser.driver().findElement(By.id("reply-text")).isEnabled();
	}

	/** Whether a button is shown and can be pressed. */
	boolean usable(String button) {
		WebElement element = this.browser.driver().findElement(By.id(button));
		return element.isDisplayed() && element.isEnabled();
	}

	void signOut() {
		click("signout");
	}

	/**
	 * Signs out and checks that it held: the form says so, and the console, opened again,
	 * asks for a sign-in (the session is over on the server).
	 */
	void signOutForGood() {
		signOut();
		String message = awaitSignInMessage();
		if (!message.contains("サインアウトしました")) {
			throw new AssertionError("After signing out the form said: " + message);
		}
		open();
		String url = this.browser.driver().getCurrentUrl();
		if (!url.equals(this.baseUrl + "/agent/login")) {
			throw new AssertionError("The console opened again after signing out, at " + url);
		}
	}

	private void click(String id) {
		this.browser
			.await("the '" + id + "' button to be enabled",
					(driver) -> driver.findElement(By.id(id)).isEnabled() ? driver.findElement(By.id(id)) : null)
			.click();
	}

	Chromium browser() {
		return this.browser;
	}

	/**
	 * Opens the list of what the bot did not understand and waits for a message in it.
	 * @param text the missed message
	 * @return the message's row
	 */
	WebElement awaitMissed(String text) {
		this.browser.driver().findElement(By.id("open-review")).click();
		return this.browser.await("the missed message '" + text + "' in the review list",
				(driver) -> driver.findElements(By.cssSelector("#missed > li"))
					.stream()
					.filter((row) -> row.findElement(By.cssSelector(".missed-text")).getText().equals(text))
					.findFirst()
					.orElse(null));
	}

	/**
	 * Teaches a word for a choice from a missed message's row, and waits until it is
	 * listed among the taught words.
	 * @param row the missed message's row
	 * @param choice the choice's label as the select shows it
	 * @param how 覚えさせ方 as the select shows it
	 * @param word the word to teach
	 */
	void teach(WebElement row, String choice, String how, String word) {
		List<WebElement> selects = row.findElements(By.tagName("select"));
		new Select(selects.get(0)).selectByVisibleText(choice);
		new Select(selects.get(1)).selectByVisibleText(how);
		WebElement input = row.findElement(By.tagName("input"));
		input.clear();
		input.sendKeys(word);
		row.findElement(By.cssSelector("button[type=submit]")).click();
		this.browser.await("'" + word + "' among the taught words",
				(driver) -> driver.findElements(By.cssSelector("#taught .taught-word"))
					.stream()
					.anyMatch((taught) -> taught.getText().equals("「" + word + "」")));
	}

	/**
	 * Takes a taught word back with its button, and waits until it is gone.
	 * @param word the word
	 */
	void unteach(String word) {
		this.browser.driver().findElement(By.cssSelector("#taught button[aria-label='「" + word + "」を取り消す']")).click();
		this.browser.await("'" + word + "' gone from the taught words",
				(driver) -> driver.findElements(By.cssSelector("#taught .taught-word"))
					.stream()
					.noneMatch((taught) -> taught.getText().equals("「" + word + "」")));
	}

}
