package io.flasksockets.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every scenario against {@code /raw} (the baseline) and {@code /route} (the starter) on one benchmark server
 * in a JVM of its own, alternating A B A B, and writes the medians, ranges and ratios as a Markdown table.
 *
 * <p>The throughput scenarios run twice: on a server whose Tomcat threads are virtual, and on one with Spring
 * Boot's default platform threads. Each reports the server's CPU time per message besides its throughput, since a
 * cost that one client cannot see shows once the server is saturated.
 *
 * <p>Arguments: {@code pairs=3 seconds=5 hold=2000 capacity=10000 threads=virtual,platform only=<scenario prefixes>
 * out=benchmarks/results.md}.
 */
public final class LoadSuite {

	private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+)");

	private LoadSuite() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int pairs = Integer.parseInt(options.getOrDefault("pairs", "3"));
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5")));
		int hold = Integer.parseInt(options.getOrDefault("hold", "2000"));
		int capacity = Integer.parseInt(options.getOrDefault("capacity", "10000"));
		List<String> only = List.of(options.getOrDefault("only", "").split(","));
		Path out = Path.of(options.getOrDefault("out", "results.md"));
		List<Figure> figures = new ArrayList<>();
		for (String threads : options.getOrDefault("threads", "virtual,platform").split(",")) {
			boolean virtual = threads.equals("virtual");
			String suffix = virtual ? "" : " (platform threads)";
			int port = freePort();
			Process server = startServer(port, virtual);
			try (HttpClient http = HttpClient.newHttpClient()) {
				awaitServer(http, port);
				Load load = new Load(port, () -> cpu(http, port));
				Suite suite = new Suite(pairs, only, figures);
				suite.run("ping-pong, 1 connection, 64 B" + suffix, (path) -> load.pingPong(path, 1, 64, duration));
				suite.run("ping-pong, 50 connections, 64 B" + suffix,
						(path) -> load.pingPong(path, 50, 64, duration));
				suite.run("ping-pong, 50 connections, 16 KiB" + suffix,
						(path) -> load.pingPong(path, 50, 16 * 1024, duration));
				suite.run("flood, 50 connections x 32 in flight, 64 B" + suffix,
						(path) -> load.flood(path, 50, 32, 64, duration));
				suite.run("saturation, 400 connections x 4 in flight, 64 B" + suffix,
						(path) -> load.flood(path, 400, 4, 64, duration));
				if (virtual) {
					suite.run("hold, " + hold + " idle connections",
							(path) -> load.hold(path, hold, () -> stats(http, port)));
					new Suite(1, only, figures).run("capacity, " + capacity + " concurrent connections",
							(path) -> load.capacity(path, capacity));
				}
			}
			finally {
				server.destroy();
				server.waitFor();
			}
		}
		String table = Figure.table(figures);
		System.out.println(table);
		Files.writeString(out, table);
		System.out.println("Written to " + out.toAbsolutePath());
	}

	/**
	 * The scenarios of one run: each compared over a number of pairs, unless the run is limited to others.
	 */
	private record Suite(int pairs, List<String> only, List<Figure> figures) {

		void run(String scenario, Scenario run) throws Exception {
			if (this.only.stream().allMatch(String::isEmpty)
					|| this.only.stream().anyMatch((name) -> !name.isEmpty() && scenario.startsWith(name))) {
				this.figures.addAll(compare(this.pairs, scenario, run));
			}
		}

	}

	/**
	 * Run a scenario on the baseline and on the starter, alternately, and pair up the figures each reports.
	 */
	private static List<Figure> compare(int pairs, String scenario, Scenario run) throws Exception {
		Map<String, List<Double>> raw = new LinkedHashMap<>();
		Map<String, List<Double>> route = new LinkedHashMap<>();
		for (int i = 0; i < pairs; i++) {
			System.out.println(scenario + ", pair " + (i + 1) + " of " + pairs);
			run.run("/raw").forEach((name, value) -> raw.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
			run.run("/route")
				.forEach((name, value) -> route.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
		}
		List<Figure> figures = new ArrayList<>();
		raw.forEach((name, values) -> figures.add(new Figure(scenario, name, values, route.get(name))));
		return figures;
	}

	private static Process startServer(int port, boolean virtualThreads) throws IOException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xms4g", "-Xmx4g", "-cp", System.getProperty("java.class.path"),
				BenchmarkServer.class.getName(), "--spring.threads.virtual.enabled=" + virtualThreads);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		return builder.inheritIO().start();
	}

	private static void awaitServer(HttpClient http, int port) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(60);
		while (Instant.now().isBefore(deadline)) {
			try {
				stats(http, port);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The benchmark server did not start within 60 s");
	}

	private static long cpu(HttpClient http, int port) throws IOException, InterruptedException {
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		return options;
	}

	@FunctionalInterface
	interface Scenario {

		/**
		 * Run once against a path and return the figures, by name.
		 */
		Map<String, Double> run(String path) throws Exception;

	}

}
