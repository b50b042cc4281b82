package io.flasksockets.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Runs every scenario against {@code /raw} (the baseline) and {@code /route} (the starter) on one benchmark server
 * in a JVM of its own, alternating A B A B, and writes the medians, ranges and ratios as a Markdown table.
 *
 * <p>The throughput scenarios run twice: on a server whose Tomcat threads are virtual, and on one with Spring
 * Boot's default platform threads. Each reports the server's CPU time per message besides its throughput, since a
 * cost that one client cannot see shows once the server is saturated.
 *
 * <p>Fan-out: one publisher to a room of members that only listen, first as a raw Spring loop over
 * {@code WebSocketSession}s against a room of the starter on the same server, then the room on one node in memory
 * against the room spread over two nodes that share Redis on 127.0.0.1:6379 ({@code flask-sockets.broker=redis}).
 *
 * <p>Arguments: {@code pairs=3 seconds=5 hold=10000 capacity=10000 room=2000 threads=virtual,platform
 * only=<scenario prefixes> server=<extra server arguments, comma-separated> starter=<extra arguments of the
 * starter's hold server, comma-separated; those that start with -D or -X go to its JVM> out=benchmarks/results.md}.
 *
 * <p>With {@code versus=<server arguments, comma-separated>} the throughput scenarios compare {@code /route} with
 * itself instead: on the server as given (the baseline, with the {@code server} arguments) against a second server
 * with these arguments instead, to measure what a setting costs.
 */
public final class LoadSuite {

	private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+)");

	private static final String MAX_COMPRESSED = "--flask-sockets.max-compressed-connections";

	private LoadSuite() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int pairs = Integer.parseInt(options.getOrDefault("pairs", "3"));
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5")));
		int hold = Integer.parseInt(options.getOrDefault("hold", "10000"));
		int capacity = Integer.parseInt(options.getOrDefault("capacity", "10000"));
		int room = Integer.parseInt(options.getOrDefault("room", "2000"));
		List<String> only = List.of(options.getOrDefault("only", "").split(","));
		List<String> extraServerArgs = list(options.get("server"));
		List<String> holdServerArgs = new ArrayList<>(extraServerArgs);
		holdServerArgs.addAll(list(options.get("starter")));
		Path out = Path.of(options.getOrDefault("out", "results.md"));
		List<Figure> figures = new ArrayList<>();
		List<Figure> clusterFigures = new ArrayList<>();
		List<String> versusArgs = list(options.get("versus"));
		boolean versus = options.containsKey("versus");
		for (String threads : options.getOrDefault("threads", "virtual,platform").split(",")) {
			boolean virtual = threads.equals("virtual");
			String suffix = virtual ? "" : " (platform threads)";
			int port = freePort();
			List<String> serverArgs = new ArrayList<>(List.of("--spring.threads.virtual.enabled=" + virtual));
			serverArgs.addAll(extraServerArgs);
			Process server = startServer(port, "-Xmx4g", serverArgs.toArray(String[]::new));
			List<Process> versusServer = new ArrayList<>();
			try (HttpClient http = HttpClient.newHttpClient()) {
				awaitServer(http, port);
				Load load = new Load(port, () -> cpu(http, port));
				Suite suite;
				if (versus) {
					int versusPort = freePort();
					List<String> arguments = new ArrayList<>(List.of("--spring.threads.virtual.enabled=" + virtual));
					arguments.addAll(versusArgs);
					versusServer.add(startServer(versusPort, "-Xmx4g", arguments.toArray(String[]::new)));
					awaitServer(http, versusPort);
					suite = new Suite(pairs, only, figures, new Side(load, "/route"),
							new Side(new Load(versusPort, () -> cpu(http, versusPort)), "/route"));
				}
				else {
					suite = new Suite(pairs, only, figures, new Side(load, "/raw"), new Side(load, "/route"));
				}
				suite.run("ping-pong, 1 connection, 64 B" + suffix,
						(side, path) -> side.pingPong(path, 1, 64, duration));
				suite.run("ping-pong, 50 connections, 64 B" + suffix,
						(side, path) -> side.pingPong(path, 50, 64, duration));
				suite.run("ping-pong, 50 connections, 16 KiB" + suffix,
						(side, path) -> side.pingPong(path, 50, 16 * 1024, duration));
				suite.run("flood, 50 connections x 32 in flight, 64 B" + suffix,
						(side, path) -> side.flood(path, 50, 32, 64, duration));
				suite.run("saturation, 400 connections x 4 in flight, 64 B" + suffix,
						(side, path) -> side.flood(path, 400, 4, 64, duration));
				if (virtual && !versus) {
					for (boolean compression : List.of(false, true)) {
						String holdScenario = "hold, " + hold + " idle connections"
								+ (compression ? ", compression offered" : "");
						if (suite.includes(holdScenario)) {
							figures.addAll(compareHold(pairs, holdScenario, hold, compression, http, load, port,
									server.pid(), holdServerArgs));
						}
					}
					Run calm = () -> load.pingPong("/route", 10, 64, duration);
					Run limitedFloods = () -> load.flood("/limited", 50, 32, 64, duration.plusSeconds(2));
					String alone = "rate-limited neighbours: ping-pong, 10 connections, 64 B, alone (A) and beside 50 peers "
							+ "flooding a route limited to 100 messages/s each (B)";
					if (suite.includes(alone)) {
						figures.addAll(compare(pairs, alone, calm, () -> beside(limitedFloods, calm)));
					}
					String steady = "rate-limited neighbours: ping-pong, 10 connections, 64 B, beside 50 peers sending "
							+ "100 messages/s each (A) and 50 flooding a route limited to 100 messages/s each (B)";
					if (suite.includes(steady)) {
						figures.addAll(compare(pairs, steady,
								() -> beside(() -> load.steady("/route", 50, 100, 64, duration.plusSeconds(2)), calm),
								() -> beside(limitedFloods, calm)));
					}
					String unlimited = "rate-limited neighbours: ping-pong, 10 connections, 64 B, beside 50 peers flooding "
							+ "a route without a limit (A) and one limited to 100 messages/s each (B)";
					if (suite.includes(unlimited)) {
						figures.addAll(compare(pairs, unlimited,
								() -> beside(() -> load.flood("/route", 50, 32, 64, duration.plusSeconds(2)), calm),
								() -> beside(limitedFloods, calm)));
					}
					new Suite(1, only, figures, suite.baseline(), suite.starter()).run(
							"capacity, " + capacity + " concurrent connections",
							(side, path) -> side.capacity(path, capacity));
					FanOutLoad oneNode = new FanOutLoad(() -> cpu(http, port));
					suite.run(fanOutScenario(room),
							(side, path) -> oneNode.run(List.of(port), path.substring(1), room, 64, 100, 200));
					if (suite.includes(fanOutScenario(room))) {
						clusterFigures.addAll(compareWithCluster(pairs, room, http, oneNode, port));
					}
				}
			}
			finally {
				for (Process process : versusServer) {
					process.destroy();
					process.waitFor();
				}
				server.destroy();
				server.waitFor();
			}
		}
		String table = versus ? Figure.table(figures, "`/route` (" + settings(extraServerArgs) + ")",
				"`/route` (" + settings(versusArgs) + ")")
				: Figure.table(figures, "Baseline `/raw`", "Starter `/route`");
		if (!clusterFigures.isEmpty()) {
			table += "\n" + Figure.table(clusterFigures, "One node, in memory", "Two nodes through Redis");
		}
		System.out.println(table);
		Files.writeString(out, table);
		System.out.println("Written to " + out.toAbsolutePath());
	}

	/**
	 * The scenarios of one run: each compared over a number of pairs, unless the run is limited to others.
	 */
	private record Suite(int pairs, List<String> only, List<Figure> figures, Side baseline, Side starter) {

		void run(String scenario, Scenario run) throws Exception {
			if (includes(scenario)) {
				this.figures.addAll(compare(this.pairs, scenario, () -> run.run(this.baseline.load(), this.baseline.path()),
						() -> run.run(this.starter.load(), this.starter.path())));
			}
		}

		boolean includes(String scenario) {
			return this.only.stream().allMatch(String::isEmpty)
					|| this.only.stream().anyMatch((name) -> !name.isEmpty() && scenario.startsWith(name));
		}

	}

	/**
	 * One side of a comparison: a path on a server.
	 */
	private record Side(Load load, String path) {
	}

	/**
	 * Run a scenario while other peers load the server, and return the scenario's figures.
	 */
	private static Map<String, Double> beside(Run others, Run scenario) throws Exception {
		try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<Map<String, Double>> load = background.submit(others::run);
			Map<String, Double> figures = scenario.run();
			load.get();
			return figures;
		}
	}

	/**
	 * Fan out on the one node against two more nodes that share Redis, with the members spread over both and the
	 * publisher on the first: to a large room, and to a room of two, one member on each node, which shows what
	 * the hop through Redis itself costs.
	 */
	private static List<Figure> compareWithCluster(int pairs, int room, HttpClient http, FanOutLoad oneNode, int port)
			throws Exception {
		String keyPrefix = "flask-sockets-benchmark-" + ProcessHandle.current().pid();
		List<Integer> ports = List.of(freePort(), freePort());
		List<Process> nodes = new ArrayList<>();
		try {
			for (int nodePort : ports) {
				nodes.add(startServer(nodePort, "-Xmx1g", "--flask-sockets.broker=redis",
						"--flask-sockets.redis.key-prefix=" + keyPrefix));
			}
			for (int nodePort : ports) {
				awaitServer(http, nodePort);
			}
			FanOutLoad twoNodes = new FanOutLoad(() -> cpu(http, ports.get(0)) + cpu(http, ports.get(1)));
			System.out.println("Fan-out: warming up the two nodes");
			twoNodes.run(ports, "route", room, 64, 100, 200);
			List<Figure> figures = new ArrayList<>();
			for (int members : List.of(room, 2)) {
				figures.addAll(compare(pairs, fanOutScenario(members),
						() -> oneNode.run(List.of(port), "route", members, 64, 100, 200),
						() -> twoNodes.run(ports, "route", members, 64, 100, 200)));
			}
			return figures;
		}
		finally {
			for (Process node : nodes) {
				node.destroy();
				node.waitFor();
			}
		}
	}

	/**
	 * Hold idle connections to {@code /raw} on the benchmark server against {@code /route} on a second server that
	 * runs the starter alone, as an application without hand-written handlers does: the starter then chooses the
	 * container's buffers for its sockets from the handshake on. With compression, the handshakes offer
	 * permessage-deflate as browsers do.
	 */
	private static List<Figure> compareHold(int pairs, String scenario, int hold, boolean compression,
			HttpClient http, Load load, int port, long pid, List<String> serverArgs) throws Exception {
		int starterPort = freePort();
		List<String> arguments = new ArrayList<>(List.of("--benchmark.raw-endpoints=false"));
		if (compression && serverArgs.stream().noneMatch((argument) -> argument.startsWith(MAX_COMPRESSED))) {
			// Every socket compresses, as every raw one does: the starter's planned limit would decline some
			arguments.add(MAX_COMPRESSED + "=-1");
		}
		arguments.addAll(serverArgs);
		Process starterServer = startServer(starterPort, "-Xmx4g", arguments.toArray(String[]::new));
		try {
			awaitServer(http, starterPort);
			Load starterLoad = new Load(starterPort, () -> cpu(http, starterPort));
			return compare(pairs, scenario,
					() -> load.hold("/raw", hold, compression, () -> stats(http, port), pid),
					() -> starterLoad.hold("/route", hold, compression, () -> stats(http, starterPort),
							starterServer.pid()));
		}
		finally {
			starterServer.destroy();
			starterServer.waitFor();
		}
	}

	private static String fanOutScenario(int members) {
		return "fan-out to a room of " + members + ", 64 B";
	}

	/**
	 * Run the baseline and the starter alternately and pair up the figures each reports.
	 */
	private static List<Figure> compare(int pairs, String scenario, Run baseline, Run starter) throws Exception {
		Map<String, List<Double>> baselineFigures = new LinkedHashMap<>();
		Map<String, List<Double>> starterFigures = new LinkedHashMap<>();
		for (int i = 0; i < pairs; i++) {
			System.out.println(scenario + ", pair " + (i + 1) + " of " + pairs);
			baseline.run()
				.forEach((name, value) -> baselineFigures.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
			starter.run()
				.forEach((name, value) -> starterFigures.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
		}
		List<Figure> figures = new ArrayList<>();
		baselineFigures
			.forEach((name, values) -> figures.add(new Figure(scenario, name, values, starterFigures.get(name))));
		return figures;
	}

	/**
	 * Start a benchmark server: arguments that start with {@code -D} or {@code -X} go to its JVM, the others to the
	 * application.
	 */
	static Process startServer(int port, String heap, String... arguments) throws IOException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		// The whole heap touched at start, so that the resident memory grows with what sockets hold off the heap
		List<String> command = new ArrayList<>();
		String cpus = System.getenv("BENCH_SERVER_CPUS");
		if (cpus != null) {
			// The server on CPUs of its own, apart from the clients (run the suite itself under taskset too)
			command.addAll(List.of("taskset", "-c", cpus));
		}
		command.addAll(List.of(java, heap.replace("-Xmx", "-Xms"), heap, "-XX:+AlwaysPreTouch"));
		Arrays.stream(arguments).filter(LoadSuite::isJvmOption).forEach(command::add);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkServer.class.getName()));
		Arrays.stream(arguments).filter((argument) -> !isJvmOption(argument)).forEach(command::add);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		return builder.inheritIO().start();
	}

	private static String settings(List<String> arguments) {
		return arguments.isEmpty() ? "defaults" : String.join(" ", arguments);
	}

	private static boolean isJvmOption(String argument) {
		return argument.startsWith("-D") || argument.startsWith("-X");
	}

	private static List<String> list(@Nullable String commaSeparated) {
		return (commaSeparated != null) ? List.of(commaSeparated.split(",")) : List.of();
	}

	/**
	 * Wait until the server accepts sockets, which is after it answers HTTP.
	 */
	static void awaitServer(HttpClient http, int port) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(60);
		URI uri = URI.create("ws://localhost:" + port + "/route");
		while (Instant.now().isBefore(deadline)) {
			try {
				http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }).join().abort();
				return;
			}
			catch (CompletionException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The benchmark server did not accept sockets within 60 s");
	}

	static long cpu(HttpClient http, int port) throws IOException, InterruptedException {
		return Long.parseLong(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cpu")).build(),
				HttpResponse.BodyHandlers.ofString()).body().trim());
	}

	static Map<String, Long> stats(HttpClient http, int port) throws IOException, InterruptedException {
		String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stats")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Map<String, Long> stats = new LinkedHashMap<>();
		Matcher matcher = NUMBER.matcher(body);
		while (matcher.find()) {
			stats.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return stats;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		return options;
	}

	@FunctionalInterface
	interface Run {

		/**
		 * Run once and return the figures, by name.
		 */
		Map<String, Double> run() throws Exception;

	}

	@FunctionalInterface
	interface Scenario {

		/**
		 * Run once against a path on a server and return the figures, by name.
		 */
		Map<String, Double> run(Load load, String path) throws Exception;

	}

}
