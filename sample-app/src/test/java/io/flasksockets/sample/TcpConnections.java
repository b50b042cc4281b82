package io.flasksockets.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The TCP connections of this machine as Linux lists them in {@code /proc/net/tcp} and {@code /proc/net/tcp6}:
 * what a server really holds open, whatever protocol runs over them.
 */
final class TcpConnections {

	private static final String ESTABLISHED = "01";

	private TcpConnections() {
	}

	/**
	 * Count the established connections a local server accepted on a port.
	 */
	static long establishedTo(int port) {
		String localPort = ":%04X".formatted(port);
		List<Path> tables = Stream.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))
			.filter(Files::isReadable)
			.toList();
		if (tables.isEmpty()) {
			throw new IllegalStateException("Counting TCP connections needs Linux's /proc/net/tcp");
		}
		return tables.stream()
			.flatMap(TcpConnections::lines)
			.map((line) -> line.trim().split("\\s+"))
			.filter((fields) -> fields.length > 3 && fields[1].endsWith(localPort) && fields[3].equals(ESTABLISHED))
			.count();
	}

	private static Stream<String> lines(Path table) {
		try {
			List<String> lines = Files.readAllLines(table);
			return lines.stream().skip(1);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + table, ex);
		}
	}

}
