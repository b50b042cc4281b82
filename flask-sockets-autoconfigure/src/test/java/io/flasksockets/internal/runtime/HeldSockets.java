package io.flasksockets.internal.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

/**
 * The {@code /held} route shared by the test applications: it says {@code ready}, then holds its socket until the
 * socket ends, recording each socket, its handler thread and the handler's return by the client's {@code name}
 * query parameter.
 */
class HeldSockets {

	final Map<String, Socket> sockets = new ConcurrentHashMap<>();

	final Map<String, Thread> threads = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> ended = new ConcurrentHashMap<>();

	/**
	 * Return the latch counted down when the named socket's handler returns, normally or because its peer
	 * vanished mid-send.
	 */
	CountDownLatch ended(String name) {
		return this.ended.computeIfAbsent(name, (key) -> new CountDownLatch(1));
	}

	@SocketRoute("/held")
	void held(Socket ws) {
		String name = ws.queryParam("name");
		this.sockets.put(name, ws);
		this.threads.put(name, Thread.currentThread());
		try {
			ws.send("ready");
			while (ws.receive() != null) {
				// wait for the end
			}
		}
		finally {
			ended(name).countDown();
		}
	}

}
