package io.flasksockets.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What stands between a browser and a node in production, in miniature: a TCP proxy that forwards each connection to
 * the node it points at, can be pointed at another, as a load balancer does when a node dies, and can cut every
 * connection and refuse new ones for a while, as a network that goes away does.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile int target;

	private volatile boolean cutOff;

	/**
	 * Listen on a free port of the loopback address, forwarding to the given port.
	 */
	TcpProxy(int target) {
		try {
			this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.target = target;
		Thread.ofVirtual().name("tcp-proxy").start(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Forward new connections to another port.
	 */
	void pointAt(int target) {
		this.target = target;
	}

	/**
	 * Cut every connection with a reset, and refuse new ones until {@link #restore()}.
	 */
	void cutOff() {
		this.cutOff = true;
		this.open.forEach(TcpProxy::reset);
	}

	/**
	 * Forward new connections again.
	 */
	void restore() {
		this.cutOff = false;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.open.forEach(TcpProxy::reset);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread.ofVirtual().name("tcp-proxy-connection").start(() -> forward(client));
			}
			catch (IOException ex) {
				// Closed: the proxy is done
				return;
			}
		}
	}

	private void forward(Socket client) {
		if (this.cutOff) {
			reset(client);
			return;
		}
		try (client; Socket node = new Socket(InetAddress.getLoopbackAddress(), this.target)) {
			this.open.add(client);
			this.open.add(node);
			Thread upstream = Thread.ofVirtual().start(() -> pump(client, node));
			pump(node, client);
			upstream.join();
		}
		catch (IOException ex) {
			// The node refused the connection: so does the proxy, by closing it
			reset(client);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Copy one direction until either side ends, then end both.
	 */
	private void pump(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
		}
		catch (IOException ex) {
			// One side was reset or closed: the connection is over either way
		}
		finally {
			this.open.remove(from);
			this.open.remove(to);
			reset(from);
			reset(to);
		}
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// Already closed
		}
	}

}
