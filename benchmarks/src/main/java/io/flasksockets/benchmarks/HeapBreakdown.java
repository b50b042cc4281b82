package io.flasksockets.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a server's heap goes, from {@code jcmd <pid> GC.class_histogram} (live objects, after a full collection):
 * the bytes each class holds, grouped by the owner that allocates that class.
 */
final class HeapBreakdown {

	private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

	/**
	 * The owners, in the order they are reported, each with the class name prefixes it owns. Arrays and NIO buffers
	 * belong to whoever allocated them, which a histogram cannot tell: they are reported on their own.
	 */
	private static final Map<String, List<String>> OWNERS = owners();

	private final Map<String, Long> bytesByClass;

	private HeapBreakdown(Map<String, Long> bytesByClass) {
		this.bytesByClass = bytesByClass;
	}

	/**
	 * Take the histogram of a running JVM.
	 */
	static HeapBreakdown of(long pid) throws IOException, InterruptedException {
		Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
		if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("jcmd failed: " + String.join("\n", lines));
		}
		Map<String, Long> bytes = new HashMap<>();
		for (String line : lines) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
			}
		}
		return new HeapBreakdown(bytes);
	}

	/**
	 * Return what each owner holds more than in an earlier histogram, per connection, with the total first.
	 */
	Map<String, Double> perConnectionSince(HeapBreakdown before, int connections) {
		Map<String, Double> owners = new LinkedHashMap<>();
		owners.put("total", 0.0);
		OWNERS.keySet().forEach((owner) -> owners.put(owner, 0.0));
		this.bytesByClass.forEach((type, bytes) -> {
			double added = (double) (bytes - before.bytesByClass.getOrDefault(type, 0L)) / connections;
			owners.merge(owner(type), added, Double::sum);
			owners.merge("total", added, Double::sum);
		});
		return owners;
	}

	/**
	 * Return the classes that hold the most more than in an earlier histogram, per connection, largest first.
	 */
	List<Map.Entry<String, Double>> topClassesSince(HeapBreakdown before, int connections, int count) {
		return this.bytesByClass.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(),
					(double) (entry.getValue() - before.bytesByClass.getOrDefault(entry.getKey(), 0L)) / connections))
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(count)
			.toList();
	}

	private static String owner(String type) {
		for (Map.Entry<String, List<String>> owner : OWNERS.entrySet()) {
			if (owner.getValue().stream().anyMatch(type::startsWith)) {
				return owner.getKey();
			}
		}
		return "other (maps, strings, locks)";
	}

	private static Map<String, List<String>> owners() {
		Map<String, List<String>> owners = new LinkedHashMap<>();
		owners.put("byte[] and char[] buffers", List.of("[B", "[C", "java.nio.Heap"));
		owners.put("container connection", List.of("org.apache.tomcat.util.net.", "org.apache.coyote.",
				"org.apache.catalina.", "sun.nio.ch.", "org.eclipse.jetty.io.", "org.eclipse.jetty.server.",
				"org.eclipse.jetty.http", "org.eclipse.jetty.util."));
		owners.put("container WebSocket session",
				List.of("org.apache.tomcat.websocket.", "org.eclipse.jetty.websocket.", "org.eclipse.jetty.ee11."));
		owners.put("Spring WebSocket session", List.of("org.springframework."));
		owners.put("starter's socket (ServerSocket, Inbox, Outbox, ...)", List.of("io.flasksockets."));
		owners.put("parked virtual thread", List.of("java.lang.VirtualThread", "jdk.internal.vm.",
				"java.lang.ThreadLocal", "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode"));
		owners.put("other (maps, strings, locks)", List.of());
		return owners;
	}

}
