package io.flasksockets.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The sample app in a JVM of its own, for tests that stop it the way a platform does, with SIGTERM, or kill it with
 * SIGKILL; its output goes to a log file.
 */
final class SampleProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final int port;

	private SampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start the app on a free port, with the test's class path and the given arguments, and wait until it answers.
	 */
	static SampleProcess start(String... args) throws IOException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Path log = Files.createTempFile("sample-app", ".log");
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			int port = await().atMost(Duration.ofSeconds(90))
				.failFast("the app exited; its log is " + log, () -> !process.isAlive())
				.until(() -> port(log), (found) -> found > 0);
			return new SampleProcess(process, log, port);
		}
		catch (RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Stop the app as a platform does: SIGTERM.
	 */
	void terminate() {
		this.process.destroy();
	}

	/**
	 * Kill the app: SIGKILL, nothing closed, nothing told.
	 */
	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Whether the JVM exits within a minute.
	 */
	boolean exits() throws InterruptedException {
		return this.process.waitFor(60, TimeUnit.SECONDS);
	}

	/**
	 * Return what the app has logged so far.
	 */
	String log() throws IOException {
		return Files.readString(this.log);
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private static int port(Path log) throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(log));
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

}
