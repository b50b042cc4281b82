package io.flasksockets.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app's chat page in one browser context of Debian's headless Chromium: its own profile and cookies,
 * driven through Selenium by the ids the page promises.
 */
final class ChatPage implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final JsonMapper JSON = new JsonMapper();

	private final Path profile;

	private final ChromeDriver driver;

	private final String chatTab;

	private ChatPage(Dimension window) throws IOException {
		this.profile = Files.createTempDirectory("chat-page-profile");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			// Headless as root on a machine whose network is closed: no sandbox, nothing fetched in the background;
			// the tests' self-signed certificates are taken as they are
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--ignore-certificate-errors",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + this.profile);
		// The DevTools protocol's network events, for the status each WebSocket handshake got
		options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(window);
		this.chatTab = this.driver.getWindowHandle();
	}

	/**
	 * Open the chat page in a desktop-sized window.
	 */
	static ChatPage desktop(int port) throws IOException {
		return desktop("http://localhost:" + port);
	}

	/**
	 * Open the chat page of a base URL, such as {@code https://localhost:8443}, in a desktop-sized window.
	 */
	static ChatPage desktop(String base) throws IOException {
		return open(base, new Dimension(1280, 800));
	}

	/**
	 * Open the chat page in a phone-sized window.
	 */
	static ChatPage phone(int port) throws IOException {
		return phone("http://localhost:" + port);
	}

	/**
	 * Open the chat page of a base URL in a phone-sized window.
	 */
	static ChatPage phone(String base) throws IOException {
		return open(base, new Dimension(375, 667));
	}

	private static ChatPage open(String base, Dimension window) throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new AssertionError("The chat page tests need Debian's Chromium and ChromeDriver at " + CHROMIUM
					+ " and " + CHROMEDRIVER + ", which are missing: apt-get install chromium chromium-driver");
		}
		ChatPage page = new ChatPage(window);
		return page.opening(() -> page.driver.get(base + "/chat.html"));
	}

	/**
	 * Log in through the page's form and wait until it has joined its room.
	 */
	ChatPage logIn(String username, String password) {
		return opening(() -> {
			type("username", username);
			type("password", password);
			element("login-button").click();
			awaitState("open");
		});
	}

	/**
	 * Switch to another room and wait until the page has joined it.
	 */
	ChatPage join(String room) {
		return opening(() -> {
			type("room", room);
			element("join-button").click();
			await().until(() -> status().equals("Connected to #" + room));
		});
	}

	/**
	 * Take a step of opening the page, which a test chains before it holds the page: if the step fails, the
	 * browser quits here, as the test cannot close a page it never got.
	 */
	private ChatPage opening(Runnable step) {
		try {
			step.run();
			return this;
		}
		catch (RuntimeException | Error ex) {
			try {
				close();
			}
			catch (IOException closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
	}

	void send(String text) {
		type("message-input", text);
		element("send-button").click();
	}

	/**
	 * Return the messages the page shows, as their text.
	 */
	List<String> messages() {
		return texts("#messages li.message:not(.notice)");
	}

	/**
	 * Return the notices the page shows, such as that messages were missed, as their text.
	 */
	List<String> notices() {
		return texts("#messages li.notice");
	}

	/**
	 * Return how many requests the page has made to paths that start with the given one.
	 */
	long requestsTo(String path) {
		return (Long) script("return performance.getEntriesByType('resource')"
				+ ".filter((entry) => new URL(entry.name).pathname.startsWith('" + path + "')).length");
	}

	String memberCount() {
		return element("member-count").getText();
	}

	String status() {
		return element("status").getText();
	}

	String state() {
		return element("status").getDomAttribute("data-state");
	}

	void awaitState(String state) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(state()).as("state, with the status '%s'", status()).isEqualTo(state));
	}

	/**
	 * Run a script in the chat page and return its result.
	 */
	Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	/**
	 * Run an asynchronous script in the chat page, which calls its last argument with its result, and return
	 * that result.
	 */
	Object asyncScript(String script) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(script);
	}

	/**
	 * Return the status of each WebSocket handshake the page's sockets got since the last call, in order:
	 * {@code 101} over HTTP/1.1, {@code 200} over HTTP/2 (RFC 8441).
	 */
	List<Integer> webSocketHandshakeStatuses() {
		return this.driver.manage()
			.logs()
			.get(LogType.PERFORMANCE)
			.getAll()
			.stream()
			.map((entry) -> JSON.readTree(entry.getMessage()).path("message"))
			.filter((message) -> message.path("method").asString().equals("Network.webSocketHandshakeResponseReceived"))
			.map((message) -> message.path("params").path("response").path("status").asInt())
			.toList();
	}

	/**
	 * Log out from another tab of this browser context, as a user with two tabs open would, then come back to the
	 * chat's tab.
	 */
	void logOutInAnotherTab() {
		String origin = (String) script("return location.origin");
		WebDriver tab = this.driver.switchTo().newWindow(WindowType.TAB);
		tab.get(origin + "/chat.html");
		// Logged in in this tab too (a page only it may get), then logged out, then no longer
		Object statuses = ((JavascriptExecutor) tab).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const token = () => decodeURIComponent((document.cookie.split('; ')
					.find((c) => c.startsWith('XSRF-TOKEN=')) || '=').split('=')[1]);
				const statuses = [];
				fetch('/secure/note')
					.then((response) => statuses.push(response.status))
					.then(() => fetch('/auth/logout', { method: 'POST', headers: { 'X-XSRF-TOKEN': token() } }))
					.then((response) => statuses.push(response.status))
					.then(() => fetch('/secure/note'))
					.then((response) => done(statuses.concat(response.status)), (error) => done(String(error)));
				""");
		assertThat(statuses).isEqualTo(List.of(200L, 204L, 401L));
		tab.close();
		this.driver.switchTo().window(this.chatTab);
	}

	/**
	 * Save a screenshot of the page under {@code target/screenshots}.
	 */
	Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		File file = this.driver.getScreenshotAs(OutputType.FILE);
		return Files.move(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private List<String> texts(String selector) {
		return this.driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
	}

	private void type(String id, String text) {
		WebElement input = element(id);
		input.clear();
		input.sendKeys(text);
	}

	private WebElement element(String id) {
		return this.driver.findElement(By.id(id));
	}

	@Override
	public void close() throws IOException {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
		}
	}

}
