package io.flasksockets.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx, started on a free port in front of two nodes with the configuration in
 * {@code src/test/resources/nginx/nginx.conf}.
 */
final class Nginx implements AutoCloseable {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private final Process process;

	private final Path dir;

	private final int port;

	private Nginx(Process process, Path dir, int port) {
		this.process = process;
		this.dir = dir;
		this.port = port;
	}

	/**
	 * Start nginx in front of two nodes and wait until it accepts connections.
	 * @param readTimeout how long a proxied connection may stay quiet, as nginx writes it ({@code 2s})
	 * @param leftOut what the lines of the configuration to leave out start with, such as
	 * {@code "proxy_http_version"}
	 */
	static Nginx start(int nodeA, int nodeB, String readTimeout, String... leftOut) throws IOException {
		if (!Files.isExecutable(NGINX)) {
			throw new AssertionError("These tests need Debian's nginx at " + NGINX + ", which is missing: "
					+ "apt-get install nginx");
		}
		Path dir = Files.createTempDirectory("nginx");
		int port = freePort();
		String config = Files.readString(Path.of("src/test/resources/nginx/nginx.conf"));
		for (Map.Entry<String, String> value : Map.of("dir", dir.toString(), "nodeA", Integer.toString(nodeA), "nodeB",
				Integer.toString(nodeB), "port", Integer.toString(port), "readTimeout", readTimeout).entrySet()) {
			config = config.replace("${" + value.getKey() + "}", value.getValue());
		}
		for (String line : leftOut) {
			config = config.replaceAll("(?m)^\\s*" + Pattern.quote(line) + ".*$", "");
		}
		Path file = Files.writeString(dir.resolve("nginx.conf"), config);
		Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", file.toString(), "-e",
				dir.resolve("error.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("output.log").toFile())
			.start();
		Nginx nginx = new Nginx(process, dir, port);
		await().atMost(Duration.ofSeconds(20))
			.failFast("nginx exited; its log is " + dir.resolve("error.log"), () -> !process.isAlive())
			.until(nginx::accepts);
		return nginx;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return what nginx has logged about its connections so far.
	 */
	String errorLog() throws IOException {
		return Files.readString(this.dir.resolve("error.log"));
	}

	@Override
	public void close() {
		this.process.destroy();
	}

	private boolean accepts() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return socket.isConnected();
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
