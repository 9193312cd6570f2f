package com.careerconcierge.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both paths are given
 * explicitly, so Selenium Manager never downloads a browser or a driver; the browser gets
 * a fresh profile and a throwaway HOME. A missing Chromium fails the test with the
 * command that installs it, it never skips.
 */
final class Chromium implements AutoCloseable {

	static final Path BROWSER = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration PATIENCE = Duration.ofSeconds(15);

	/**
	 * Selenium warns that it has no DevTools bindings for Debian's Chromium version; the
	 * tests use WebDriver only. Held here so the setting is not garbage-collected.
	 */
	private static final Logger CDP_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

	private final String name;

	private final Path home;

	private final ChromeDriver driver;

	private final List<String> consoleLog = new ArrayList<>();

	private Chromium(String name, Path home, ChromeDriver driver) {
		this.name = name;
		this.home = home;
		this.driver = driver;
	}

	/**
	 * A desktop-sized window.
	 * @param name used in screenshot file names
	 * @return the browser
	 */
	static Chromium desktop(String name) {
		return start(name, false);
	}

	/**
	 * A phone: 360×740 CSS pixels at device pixel ratio 2, touch, a mobile user agent.
	 * @param name used in screenshot file names
	 * @return the browser
	 */
	static Chromium phone(String name) {
		return start(name, true);
	}

	private static Chromium start(String name, boolean phone) {
		requireInstalled();
		Path home;
		try {
			home = Files.createTempDirectory("chromium-" + name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-breakpad",
				"--disable-dev-shm-usage", "--lang=ja-JP", "--user-data-dir=" + home.resolve("profile"));
		if (phone) {
			options.setExperimentalOption("mobileEmulation",
					Map.of("deviceMetrics", Map.of("width", 360, "height", 740, "pixelRatio", 2.0, "touch", true),
							"userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
									+ "(KHTML, like Gecko) Chrome/150.0.0.0 Mobile Safari/537.36"));
		}
		else {
			options.addArguments("--window-size=1280,860");
		}
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		String dir = home.toString();
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withEnvironment(Map.of("HOME", dir, "XDG_CONFIG_HOME", dir + "/.config", "XDG_CACHE_HOME", dir + "/.cache",
					"XDG_DATA_HOME", dir + "/.local/share", "XDG_RUNTIME_DIR", dir))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(PATIENCE);
		return new Chromium(name, home, driver);
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.SEVERE);
		return logger;
	}

	private static void requireInstalled() {
		for (Path path : List.of(BROWSER, DRIVER)) {
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException("Browser tests need Debian's Chromium and its driver, but " + path
						+ " is missing: run 'apt-get install -y chromium chromium-driver' (.ci/run does)");
			}
		}
	}

	WebDriver driver() {
		return this.driver;
	}

	String name() {
		return this.name;
	}

	/**
	 * Waits until the condition holds (returns a non-null, non-false value).
	 * @param <T> what the condition returns
	 * @param what what is awaited, for the failure message
	 * @param condition the condition
	 * @return the condition's value
	 */
	<T> T await(String what, Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, PATIENCE)
			.withMessage(() -> what + " (" + this.name + " at " + this.driver.getCurrentUrl() + ")")
			.pollingEvery(Duration.ofMillis(50))
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * Saves a PNG of the viewport under {@code target/screenshots/}.
	 * @param file the file name without extension
	 * @return the saved file
	 */
	Path screenshot(String file) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path target = SCREENSHOTS.resolve(file + ".png");
			Files.write(target, this.driver.getScreenshotAs(OutputType.BYTES));
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The browser console so far: JavaScript errors and failed requests.
	 * @return the entries, one line each
	 */
	List<String> console() {
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			this.consoleLog.add(entry.getLevel() + " " + entry.getMessage());
		}
		return List.copyOf(this.consoleLog);
	}

	/**
	 * Uncaught JavaScript errors so far.
	 * @return the entries
	 */
	List<String> scriptErrors() {
		return console().stream()
			.filter((line) -> line.startsWith("SEVERE") && !line.contains(" - Failed to load resource")
					&& !line.contains("net::ERR_"))
			.toList();
	}

	/**
	 * Saves the page as it was last seen ({@code last-<name>.png}, also when a test
	 * failed) and quits the browser.
	 */
	@Override
	public void close() {
		try {
			screenshot("last-" + this.name);
		}
		catch (RuntimeException ex) {
			// the browser may be gone already
		}
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.home)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
			catch (IOException ex) {
				// a temp folder left behind is harmless
			}
		}
	}

}
