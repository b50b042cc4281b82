package io.flasksockets.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The load scenarios, each bounded in time or in count, with the JDK's {@link WebSocket} as the client.
 */
final class Load {

	private static final Duration WARM_UP = Duration.ofSeconds(1);

	/**
	 * Two clients, each with one selector thread and one thread for callbacks, taken in turn: a client of its own
	 * would queue every connection behind one selector, and the default executor hands each callback to another
	 * thread.
	 */
	private final List<HttpClient> clients = List.of(callbackClient(), callbackClient());

	private final int port;

	private final CpuSource serverCpu;

	/**
	 * Create load for a server.
	 * @param serverCpu tells the CPU time the server's process has used so far
	 */
	Load(int port, CpuSource serverCpu) {
		this.port = port;
		this.serverCpu = serverCpu;
	}

	/**
	 * Each connection sends a message and sends the next as its echo arrives, from the client's callback: no
	 * thread of the client waits for an echo, so that what the client costs is small next to what the server does
	 * and a difference between two servers is not hidden in it.
	 */
	Map<String, Double> pingPong(String path, int connections, int size, Duration duration) throws Exception {
		String payload = "x".repeat(size);
		List<Echoes> sockets = open(path, connections);
		long start = System.nanoTime();
		long measureFrom = start + WARM_UP.toNanos();
		long end = measureFrom + duration.toNanos();
		CountDownLatch finished = new CountDownLatch(sockets.size());
		List<Rally> rallies = sockets.stream()
			.map((socket) -> new Rally(socket, payload, measureFrom, end, finished))
			.toList();
		long[] cpu = new long[2];
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			threads.execute(() -> measureCpu(measureFrom, end, cpu));
			rallies.forEach(Rally::next);
			if (!finished.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("A connection stopped echoing");
			}
		}
		close(sockets);
		Histogram all = new Histogram(3);
		rallies.forEach((rally) -> all.add(rally.histogram));
		long roundTrips = all.getTotalCount();
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("round trips/s (higher is better)", roundTrips / (duration.toNanos() / 1e9));
		figures.put("p50 µs", all.getValueAtPercentile(50) / 1e3);
		figures.put("p99 µs", all.getValueAtPercentile(99) / 1e3);
		figures.put("p99.9 µs", all.getValueAtPercentile(99.9) / 1e3);
		figures.put("server CPU µs per round trip", (cpu[1] - cpu[0]) / 1e3 / roundTrips);
		return figures;
	}

	/**
	 * Each connection keeps a number of messages in flight, sending another as each echo arrives.
	 */
	Map<String, Double> flood(String path, int connections, int inFlight, int size, Duration duration)
			throws Exception {
		String payload = "x".repeat(size);
		List<Echoes> sockets = open(path, connections);
		AtomicLong echoed = new AtomicLong();
		long start = System.nanoTime();
		long measureFrom = start + WARM_UP.toNanos();
		long end = measureFrom + duration.toNanos();
		long[] counted = new long[2];
		long[] cpu = new long[2];
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Echoes socket : sockets) {
				Semaphore permits = new Semaphore(inFlight);
				socket.onEcho(() -> {
					echoed.incrementAndGet();
					permits.release();
				});
				threads.execute(() -> {
					while (System.nanoTime() < end) {
						permits.acquireUninterruptibly();
						socket.webSocket().sendText(payload, true).join();
					}
				});
			}
			threads.execute(() -> measureCpu(measureFrom, end, cpu));
			threads.execute(() -> {
				pause(measureFrom);
				counted[0] = echoed.get();
				pause(end);
				counted[1] = echoed.get();
			});
		}
		close(sockets);
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("messages/s (higher is better)", (counted[1] - counted[0]) / (duration.toNanos() / 1e9));
		figures.put("server CPU µs per message", (cpu[1] - cpu[0]) / 1e3 / (counted[1] - counted[0]));
		return figures;
	}

	/**
	 * Each connection sends at a steady rate, whatever its echoes do: well-behaved peers.
	 */
	Map<String, Double> steady(String path, int connections, int perSecond, int size, Duration duration)
			throws Exception {
		String payload = "x".repeat(size);
		List<Echoes> sockets = open(path, connections);
		long interval = Duration.ofSeconds(1).toNanos() / perSecond;
		long end = System.nanoTime() + WARM_UP.plus(duration).toNanos();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Echoes socket : sockets) {
				threads.execute(() -> {
					for (long next = System.nanoTime(); next < end; next += interval) {
						pause(next);
						socket.webSocket().sendText(payload, true).join();
					}
				});
			}
		}
		close(sockets);
		return Map.of();
	}

	/**
	 * Read the server's CPU time when the measured window opens and when it closes.
	 */
	private void measureCpu(long from, long to, long[] cpu) {
		try {
			pause(from);
			cpu[0] = this.serverCpu.get();
			pause(to);
			cpu[1] = this.serverCpu.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the server's CPU time", ex);
		}
	}

	private static void pause(long untilNanos) {
		long remaining;
		while ((remaining = untilNanos - System.nanoTime()) > 0) {
			LockSupport.parkNanos(remaining);
		}
	}

	/**
	 * Open idle connections and see what they cost the server.
	 */
	Map<String, Double> hold(String path, int connections, boolean compression, StatsSource stats, long serverPid)
			throws Exception {
		Map<String, Long> before = stats.get();
		HeapBreakdown heapBefore = HeapBreakdown.of(serverPid);
		AutoCloseable sockets = compression ? CompressingHandshakes.open(this.port, path, connections)
				: openAndKeep(path, connections);
		// Every handshake answered; the starter's sockets count once their handlers run
		long routeSockets = before.get("routeSockets") + (path.equals("/route") ? connections : 0);
		Map<String, Long> during = stats.get();
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (during.get("routeSockets") < routeSockets) {
			if (System.nanoTime() > deadline) {
				sockets.close();
				throw new IllegalStateException("Only " + during.get("routeSockets") + " of " + routeSockets
						+ " sockets reached their handlers within a minute");
			}
			LockSupport.parkNanos(100_000_000);
			during = stats.get();
		}
		HeapBreakdown heapDuring = HeapBreakdown.of(serverPid);
		sockets.close();
		System.out.println(path + ": the classes that hold the most per connection");
		heapDuring.topClassesSince(heapBefore, connections, 25)
			.forEach((type) -> System.out.printf("  %10.0f  %s%n", type.getValue(), type.getKey()));
		Map<String, Double> figures = new LinkedHashMap<>();
		heapDuring.perConnectionSince(heapBefore, connections)
			.forEach((owner, bytes) -> figures.put("server heap per connection, bytes: " + owner, bytes));
		figures.put("server RSS per connection, bytes (heap touched in advance)",
				(double) (during.get("rss") - before.get("rss")) / connections);
		figures.put("server threads added", (double) (during.get("threads") - before.get("threads")));
		return figures;
	}

	/**
	 * Open many connections at once, then echo once on each.
	 */
	Map<String, Double> capacity(String path, int connections) throws Exception {
		List<Echoes> sockets = open(path, connections);
		long echoed = 0;
		for (Echoes socket : sockets) {
			CompletableFuture<Void> echo = socket.expect();
			socket.webSocket().sendText("hello", true).join();
			echo.join();
			echoed++;
		}
		close(sockets);
		return Map.of("connections that echoed", (double) echoed);
	}

	private List<Echoes> open(String path, int connections) {
		URI uri = URI.create("ws://localhost:" + this.port + path);
		List<CompletableFuture<Echoes>> opening = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Echoes echoes = new Echoes();
			HttpClient client = this.clients.get(i % this.clients.size());
			opening.add(client.newWebSocketBuilder().buildAsync(uri, echoes).thenApply(echoes::opened));
			if (opening.size() % 256 == 0) {
				opening.getLast().join();
			}
		}
		return opening.stream().map(CompletableFuture::join).toList();
	}

	private static HttpClient callbackClient() {
		return HttpClient.newBuilder().executor(Executors.newSingleThreadExecutor()).build();
	}

	private AutoCloseable openAndKeep(String path, int connections) {
		List<Echoes> sockets = open(path, connections);
		return () -> close(sockets);
	}

	private static void close(List<Echoes> sockets) {
		sockets.forEach((socket) -> socket.webSocket().abort());
	}

	@FunctionalInterface
	interface CpuSource {

		long get() throws Exception;

	}

	@FunctionalInterface
	interface StatsSource {

		Map<String, Long> get() throws Exception;

	}

	/**
	 * One connection's ping-pong: the next message goes out from the callback of the echo of the last, once its
	 * send has completed, until the end; round trips from the measured window on are recorded.
	 */
	private static final class Rally {

		private final Histogram histogram = new Histogram(3);

		private final Echoes socket;

		private final String payload;

		private final long measureFrom;

		private final long end;

		private final CountDownLatch finished;

		private volatile CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

		private volatile long sentNanos;

		Rally(Echoes socket, String payload, long measureFrom, long end, CountDownLatch finished) {
			this.socket = socket;
			this.payload = payload;
			this.measureFrom = measureFrom;
			this.end = end;
			this.finished = finished;
			socket.onEcho(this::echoed);
		}

		private void echoed() {
			long now = System.nanoTime();
			if (this.sentNanos >= this.measureFrom) {
				this.histogram.recordValue(now - this.sentNanos);
			}
			next();
		}

		void next() {
			if (System.nanoTime() >= this.end) {
				this.finished.countDown();
				return;
			}
			// The next send's gate is published before this send goes out: its echo may come back first
			CompletableFuture<WebSocket> previous = this.sending;
			CompletableFuture<WebSocket> sent = new CompletableFuture<>();
			this.sending = sent;
			previous.thenRun(() -> {
				this.sentNanos = System.nanoTime();
				this.socket.webSocket().sendText(this.payload, true).whenComplete((webSocket, failure) -> {
					if (failure != null) {
						sent.completeExceptionally(failure);
					}
					else {
						sent.complete(webSocket);
					}
				});
			});
		}

	}

	/**
	 * One client connection that tells when whole echoes arrive.
	 */
	static final class Echoes implements WebSocket.Listener {

		private final AtomicReference<CompletableFuture<Void>> expected = new AtomicReference<>();

		private volatile Runnable onEcho = () -> { };

		private WebSocket webSocket;

		Echoes opened(WebSocket webSocket) {
			this.webSocket = webSocket;
			return this;
		}

		WebSocket webSocket() {
			return this.webSocket;
		}

		CompletableFuture<Void> expect() {
			CompletableFuture<Void> echo = new CompletableFuture<>();
			this.expected.set(echo);
			return echo;
		}

		void onEcho(Runnable onEcho) {
			this.onEcho = onEcho;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (last) {
				CompletableFuture<Void> echo = this.expected.getAndSet(null);
				if (echo != null) {
					echo.complete(null);
				}
				this.onEcho.run();
			}
			return null;
		}

	}

}
