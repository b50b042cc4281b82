package io.flasksockets.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * WebSockets over HTTP/2 (RFC 8441) against HTTP/1.1, both over TLS, on one Jetty server running the starter
 * alone with {@code server.http2.enabled}:
 * <ul>
 * <li>the time a page in Chromium takes to open 100 sockets to {@code /route}, with HTTP/2 and with
 * {@code --disable-http2} (each socket then has a TCP connection and a TLS handshake of its own): all at once,
 * which Chromium's own throttle of a page's pending handshakes paces (a delay that doubles with each pending
 * one past a few), and one after another, which shows each handshake's own cost;</li>
 * <li>what an idle socket costs the server's heap when Jetty's WebSocket client holds many of them over HTTP/2
 * (up to 128 on a connection, Jetty's default for concurrent streams) and over HTTP/1.1.</li>
 * </ul>
 * The two are measured alternately, HTTP/1.1 first, and reported as HTTP/2 over HTTP/1.1.
 * <p>Run with {@code -Pjetty}. Arguments: {@code pairs=5 sockets=100 hold=2000 out=benchmarks/results-http2.md}.
 */
public final class Http2Sockets {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String PASSWORD = "benchmark-only";

	private Http2Sockets() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = LoadSuite.options(args);
		int pairs = Integer.parseInt(options.getOrDefault("pairs", "5"));
		int sockets = Integer.parseInt(options.getOrDefault("sockets", "100"));
		int hold = Integer.parseInt(options.getOrDefault("hold", "2000"));
		Path out = Path.of(options.getOrDefault("out", "benchmarks/results-http2.md"));
		Path keyStore = keyStore();
		int port = LoadSuite.freePort();
		Process server = LoadSuite.startServer(port, "-Xmx2g", "--benchmark.raw-endpoints=false",
				"--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-type=PKCS12",
				"--server.ssl.key-store-password=" + PASSWORD, "--server.http2.enabled=true");
		List<Figure> figures = new ArrayList<>();
		awaitServer(port);
		try (Page h11 = Page.open(port, false); Page h2 = Page.open(port, true)) {
			for (int atOnce : List.of(sockets, 1)) {
				List<Double> h11Times = new ArrayList<>();
				List<Double> h2Times = new ArrayList<>();
				for (int i = 0; i < pairs; i++) {
					System.out.println("open " + sockets + " sockets from a page, " + atOnce + " at once, pair "
							+ (i + 1) + " of " + pairs);
					h11Times.add(h11.openSockets(sockets, atOnce));
					h2Times.add(h2.openSockets(sockets, atOnce));
				}
				figures.add(new Figure("a page opens " + sockets + " sockets over TLS, "
						+ ((atOnce == 1) ? "one after another" : "all at once"), "time until all are open, ms",
						h11Times, h2Times));
			}
			Map<String, List<Double>> h11Holds = new LinkedHashMap<>();
			Map<String, List<Double>> h2Holds = new LinkedHashMap<>();
			for (int i = 0; i < Math.max(1, pairs / 2); i++) {
				System.out.println("hold " + hold + " idle sockets, pair " + (i + 1));
				hold(port, server.pid(), hold, false)
					.forEach((name, value) -> h11Holds.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
				hold(port, server.pid(), hold, true)
					.forEach((name, value) -> h2Holds.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
			}
			h11Holds.forEach((name, values) -> figures
				.add(new Figure("hold " + hold + " idle sockets over TLS", name, values, h2Holds.get(name))));
		}
		finally {
			server.destroy();
			server.waitFor();
		}
		String table = Figure.table(figures, "HTTP/1.1", "HTTP/2");
		System.out.println(table);
		Files.writeString(out, table);
	}

	/**
	 * Hold idle sockets to {@code /route} through Jetty's WebSocket client, each having echoed once (so that its
	 * handler runs), and return what they cost the server.
	 */
	private static Map<String, Double> hold(int port, long serverPid, int count, boolean http2) throws Exception {
		HeapBreakdown before = HeapBreakdown.of(serverPid);
		ClientConnector connector = new ClientConnector();
		connector.setSslContextFactory(new SslContextFactory.Client(true));
		HttpClient http = new HttpClient(http2 ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
				: new HttpClientTransportOverHTTP(connector));
		http.setMaxConnectionsPerDestination(count);
		WebSocketClient client = new WebSocketClient(http);
		client.setIdleTimeout(Duration.ZERO);
		client.start();
		try {
			URI uri = URI.create("wss://localhost:" + port + "/route");
			CountDownLatch echoed = new CountDownLatch(count);
			List<CompletableFuture<Session>> opening = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				opening.add(client.connect(new Echoed(echoed), uri));
				if (opening.size() % 100 == 0) {
					opening.getLast().get(1, TimeUnit.MINUTES);
				}
			}
			for (CompletableFuture<Session> session : opening) {
				session.get(1, TimeUnit.MINUTES).sendText("hello", Callback.NOOP);
			}
			if (!echoed.await(1, TimeUnit.MINUTES)) {
				throw new IllegalStateException(echoed.getCount() + " sockets did not echo within a minute");
			}
			HeapBreakdown during = HeapBreakdown.of(serverPid);
			return Map.of("server heap per socket, bytes", during.perConnectionSince(before, count).get("total"));
		}
		finally {
			client.stop();
			http.stop();
		}
	}

	private static void awaitServer(int port) throws Exception {
		HttpClient http = new HttpClient();
		http.setSslContextFactory(new SslContextFactory.Client(true));
		http.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
			while (true) {
				try {
					http.GET("https://localhost:" + port + "/stats");
					return;
				}
				catch (ExecutionException ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The benchmark server did not answer within a minute", ex);
					}
					TimeUnit.MILLISECONDS.sleep(200);
				}
			}
		}
		finally {
			http.stop();
		}
	}

	private static Path keyStore() throws Exception {
		Path directory = Files.createTempDirectory("http2-benchmark");
		directory.toFile().deleteOnExit();
		Path keyStore = directory.resolve("localhost.p12");
		keyStore.toFile().deleteOnExit();
		Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost", "-keyalg", "EC",
				"-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost", "-ext",
				"SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
				"-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		return keyStore;
	}

	/**
	 * A held socket's listener, which counts its echo (Jetty's client calls only public listeners).
	 */
	public static final class Echoed implements Session.Listener.AutoDemanding {

		private final CountDownLatch echoed;

		Echoed(CountDownLatch echoed) {
			this.echoed = echoed;
		}

		@Override
		public void onWebSocketText(String message) {
			this.echoed.countDown();
		}

	}

	/**
	 * A page of the server in a headless Chromium of its own, with or without HTTP/2.
	 */
	private static final class Page implements AutoCloseable {

		private final Path profile;

		private final ChromeDriver driver;

		private Page(Path profile, ChromeDriver driver) {
			this.profile = profile;
			this.driver = driver;
		}

		static Page open(int port, boolean http2) throws Exception {
			Path profile = Files.createTempDirectory("http2-benchmark-profile");
			ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--ignore-certificate-errors", "--disable-background-networking", "--disable-dev-shm-usage",
						"--user-data-dir=" + profile);
			if (!http2) {
				options.addArguments("--disable-http2");
			}
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			Page page = new Page(profile, new ChromeDriver(service, options));
			try {
				page.driver.get("https://localhost:" + port + "/stats");
				String protocol = (String) ((JavascriptExecutor) page.driver)
					.executeScript("return performance.getEntriesByType('navigation')[0].nextHopProtocol");
				if (!protocol.equals(http2 ? "h2" : "http/1.1")) {
					throw new IllegalStateException("The page came over " + protocol);
				}
				return page;
			}
			catch (RuntimeException ex) {
				page.close();
				throw ex;
			}
		}

		/**
		 * Open sockets from the page, at most so many waiting for their handshake at a time, wait until every one
		 * is open, close them all and wait until they are closed, and return how long the opening took in
		 * milliseconds.
		 */
		double openSockets(int count, int atOnce) {
			Object elapsed = ((JavascriptExecutor) this.driver).executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					const [count, atOnce] = [arguments[0], arguments[1]];
					const sockets = [];
					const openOne = () => new Promise((resolve, reject) => {
						const socket = new WebSocket('wss://' + location.host + '/route');
						sockets.push(socket);
						socket.onopen = resolve;
						socket.onerror = () => reject('a socket failed');
					});
					const openInTurn = async () => {
						while (sockets.length < count) {
							await openOne();
						}
					};
					const started = performance.now();
					const closeAll = () => Promise.all(sockets.map((socket) => new Promise((resolve) => {
						socket.onclose = resolve;
						socket.close();
					})));
					Promise.all(Array.from({ length: atOnce }, openInTurn)).then(() => {
						const elapsed = performance.now() - started;
						// Closed before the next run starts
						closeAll().then(() => done(elapsed));
					}, (error) => done(String(error)));
					""", count, atOnce);
			if (!(elapsed instanceof Number number)) {
				throw new IllegalStateException("The page could not open its sockets: " + elapsed);
			}
			return number.doubleValue();
		}

		@Override
		public void close() throws Exception {
			this.driver.quit();
			try (var files = Files.walk(this.profile)) {
				files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
			}
		}

	}

}
