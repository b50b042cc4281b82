package io.flasksockets.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What a client that comes back costs, on benchmark servers that share Redis on 127.0.0.1:6379
 * ({@code flask-sockets.broker=redis}), through {@link Replaying}'s route:
 * <ul>
 * <li><b>rejoin</b>: a member on node B that missed a gap of messages sent from node A comes back with its last id;
 * the time from the start of its handshake to the last message it missed, against a rejoin that missed
 * nothing;</li>
 * <li><b>presence</b>: the time from the start of a handshake on node B until a member on node A is told of the
 * join, against the join completing on B itself, and a room message from B to A;</li>
 * <li><b>rolling restart</b>: clients on a third node that gets SIGTERM while A publishes come back to B with their
 * last ids; the time until the last has caught up, the rejoins per second against as many fresh handshakes to
 * {@code /raw} on B, and every message checked to have arrived once.</li>
 * </ul>
 *
 * <p>Arguments: {@code rounds=200 gap=100 clients=2000 rate=20 out=benchmarks/results-recovery.md}.
 */
public final class Recovery {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newHttpClient();

	private final int nodeA;

	private final int nodeB;

	private Recovery(int nodeA, int nodeB) {
		this.nodeA = nodeA;
		this.nodeB = nodeB;
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		int rounds = option(arguments, "rounds", 200);
		int gap = option(arguments, "gap", 100);
		int clients = option(arguments, "clients", 2000);
		int rate = option(arguments, "rate", 20);
		Path out = Path.of(arguments.stream()
			.filter((argument) -> argument.startsWith("out="))
			.map((argument) -> argument.substring(4))
			.findFirst()
			.orElse("results-recovery.md"));
		String keyPrefix = "--flask-sockets.redis.key-prefix=flask-sockets-recovery-" + ProcessHandle.current().pid();
		List<Process> nodes = new ArrayList<>();
		try {
			int[] ports = { LoadSuite.freePort(), LoadSuite.freePort(), LoadSuite.freePort() };
			for (int port : ports) {
				nodes.add(LoadSuite.startServer(port, "-Xmx1g", "--spring.threads.virtual.enabled=true",
						"--flask-sockets.broker=redis", keyPrefix));
			}
			Recovery recovery = new Recovery(ports[0], ports[1]);
			for (int port : ports) {
				LoadSuite.awaitServer(recovery.http, port);
			}
			StringBuilder table = new StringBuilder("| Scenario | Figure | Value | Against | Ratio |\n"
					+ "| --- | --- | --- | --- | --- |\n");
			recovery.rejoin(rounds / 10, gap, null);
			recovery.rejoin(rounds, gap, table);
			recovery.presence(rounds / 10, null);
			recovery.presence(rounds, table);
			recovery.rollingRestart(clients, rate, ports[2], nodes.get(2), table);
			System.out.println(table);
			Files.writeString(out, table);
			System.out.println("Written to " + out.toAbsolutePath());
		}
		finally {
			for (Process node : nodes) {
				node.destroy();
				node.waitFor();
			}
		}
	}

	/**
	 * Each round: node A's member sends {@code gap} messages; a member on node B comes back with the id it had
	 * before them, then once more with the newest id, which misses nothing.
	 */
	private void rejoin(int rounds, int gap, @Nullable StringBuilder table) throws Exception {
		long[] missed = new long[rounds];
		long[] nothingMissed = new long[rounds];
		try (Member publisher = join(this.nodeA, "rejoin", "")) {
			String lastId = publisher.replayed().lastId();
			for (int round = 0; round < rounds; round++) {
				String before = lastId;
				for (int i = 0; i < gap; i++) {
					publisher.webSocket().sendText(round + "-" + i, true).join();
				}
				String last = round + "-" + (gap - 1);
				lastId = publisher.await((line) -> line.endsWith(" " + last)).split(" ")[0];
				missed[round] = timeToCatchUp(before, gap, last);
				nothingMissed[round] = timeToCatchUp(lastId, 0, null);
			}
		}
		if (table != null) {
			String scenario = "rejoin on node B after " + gap + " messages from node A";
			row(table, scenario, "handshake to last missed message ÷ to nothing missed, p50 ms", missed, nothingMissed,
					50);
			row(table, scenario, "handshake to last missed message ÷ to nothing missed, p99 ms", missed, nothingMissed,
					99);
		}
	}

	/**
	 * Come back to node B with an id and wait for the last of the messages sent after it: replayed, or live if
	 * node B had not read it from Redis yet when the member joined.
	 * @param last the text of the last message sent, or {@code null} when nothing was missed
	 */
	private long timeToCatchUp(String since, int expected, @Nullable String last) throws Exception {
		long start = System.nanoTime();
		try (Member member = join(this.nodeB, "rejoin", since)) {
			int[] received = new int[1];
			boolean[] sawLast = { last == null };
			Replayed[] replayed = new Replayed[1];
			member.await((line) -> {
				if (line.startsWith("replayed ")) {
					replayed[0] = Replayed.parse(line);
				}
				else if (!line.startsWith("presence ")) {
					received[0]++;
					sawLast[0] = line.endsWith(" " + last);
				}
				return replayed[0] != null && sawLast[0];
			});
			if (received[0] != expected || !replayed[0].complete()) {
				throw new IllegalStateException("Expected " + expected + " messages, got " + received[0] + " after "
						+ replayed[0]);
			}
			return member.lastLineAt() - start;
		}
	}

	/**
	 * Each round: a member joins on node B while a member of the room listens on node A, sends one message, and
	 * leaves.
	 */
	private void presence(int rounds, @Nullable StringBuilder table) throws Exception {
		long[] joinedOnB = new long[rounds];
		long[] toldOnA = new long[rounds];
		long[] messageToA = new long[rounds];
		try (Member watcher = join(this.nodeA, "presence", "")) {
			watcher.replayed();
			for (int round = 0; round < rounds; round++) {
				long start = System.nanoTime();
				try (Member joining = join(this.nodeB, "presence", "")) {
					joining.replayed();
					joinedOnB[round] = joining.lastLineAt() - start;
					watcher.await((line) -> line.equals("presence JOINED 2"));
					toldOnA[round] = watcher.lastLineAt() - start;
					String text = "hello-" + round;
					long sent = System.nanoTime();
					joining.webSocket().sendText(text, true).join();
					watcher.await((line) -> line.endsWith(" " + text));
					messageToA[round] = watcher.lastLineAt() - sent;
				}
				watcher.await((line) -> line.equals("presence LEFT 1"));
			}
		}
		if (table != null) {
			String scenario = "presence: join on node B, member on node A";
			row(table, scenario, "handshake to JOINED on A ÷ to join done on B, p50 ms", toldOnA, joinedOnB, 50);
			row(table, scenario, "handshake to JOINED on A ÷ to join done on B, p99 ms", toldOnA, joinedOnB, 99);
			row(table, scenario, "room message B to A, p50 ms", messageToA, null, 50);
			row(table, scenario, "room message B to A, p99 ms", messageToA, null, 99);
		}
	}

	/**
	 * Clients on a third node that A's member publishes to at a steady rate; the node gets SIGTERM and closes them
	 * with 1001; each comes back to node B with its last id.
	 */
	private void rollingRestart(int clients, int rate, int restarting, Process restartingNode, StringBuilder table)
			throws Exception {
		long freshHandshakes = freshHandshakes(clients);
		List<Client> all = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			all.add(new Client(restarting));
			if (all.size() % 200 == 0) {
				all.forEach(Client::awaitOpen);
			}
		}
		all.forEach(Client::awaitOpen);
		AtomicInteger sent = new AtomicInteger();
		try (Member publisher = join(this.nodeA, "rolling", "");
				ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
			publisher.replayed();
			timer.scheduleAtFixedRate(() -> publisher.webSocket().sendText("m" + sent.incrementAndGet(), true).join(),
					0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
			await(() -> sent.get() >= rate, "the publisher's first second");
			long stopping = System.nanoTime();
			restartingNode.destroy();
			await(() -> all.stream().allMatch((client) -> client.caughtUpAt.get() != 0), "every client to catch up");
			long lastCaughtUp = all.stream().mapToLong((client) -> client.caughtUpAt.get()).max().orElseThrow();
			long firstClosed = all.stream().mapToLong((client) -> client.closedAt.get()).min().orElseThrow();
			int until = sent.get() + rate;
			await(() -> sent.get() >= until, "a second more of publishing");
			timer.shutdownNow();
			int last = sent.get();
			await(() -> all.stream().allMatch((client) -> client.received(last)), "every client to get every message");
			long missing = all.stream().mapToLong((client) -> last - client.count()).sum();
			long duplicates = all.stream().mapToLong((client) -> client.duplicates.get()).sum();
			String scenario = "rolling restart: " + clients + " clients, " + rate + " messages/s";
			row(table, scenario, "SIGTERM to last client caught up, ms", new long[] { lastCaughtUp - stopping }, null,
					50);
			double rejoins = clients / ((lastCaughtUp - firstClosed) / 1e9);
			double handshakes = clients / (freshHandshakes / 1e9);
			table.append(String.format(Locale.ROOT, "| %s | rejoins/s ÷ fresh `/raw` handshakes/s | %,.0f | %,.0f | **%.2f** |%n",
					scenario, rejoins, handshakes, rejoins / handshakes));
			table.append(String.format(Locale.ROOT, "| %s | messages missing, duplicated (of %,d × %,d) | %d, %d | | |%n",
					scenario, last, clients, missing, duplicates));
		}
		all.forEach(Client::close);
	}

	private long freshHandshakes(int clients) {
		URI uri = URI.create("ws://localhost:" + this.nodeB + "/raw");
		long start = System.nanoTime();
		List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			opening.add(this.http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }));
			if (opening.size() % 200 == 0) {
				opening.forEach(CompletableFuture::join);
			}
		}
		List<WebSocket> open = opening.stream().map(CompletableFuture::join).toList();
		long elapsed = System.nanoTime() - start;
		open.forEach(WebSocket::abort);
		return elapsed;
	}

	private Member join(int port, String room, String since) {
		Member member = new Member();
		this.http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/replay/" + room + "?since=" + since), member)
			.join();
		return member;
	}

	private static void row(StringBuilder table, String scenario, String figure, long[] nanos,
			long @Nullable [] against, int percentile) {
		double value = percentile(nanos, percentile);
		if (against == null) {
			table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | | |%n", scenario, figure, value));
		}
		else {
			double baseline = percentile(against, percentile);
			table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | **%.2f** |%n", scenario, figure, value,
					baseline, value / baseline));
		}
	}

	private static double percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(TIMEOUT);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Timed out waiting for " + what);
			}
			Thread.sleep(10);
		}
	}

	private static int option(List<String> arguments, String name, int fallback) {
		return arguments.stream()
			.filter((argument) -> argument.startsWith(name + "="))
			.map((argument) -> Integer.parseInt(argument.substring(name.length() + 1)))
			.findFirst()
			.orElse(fallback);
	}

	/**
	 * The replay notice: how many messages were replayed, whether none was beyond the window, and the room's last
	 * id.
	 */
	private record Replayed(int count, boolean complete, String lastId) {

		static Replayed parse(String line) {
			String[] parts = line.split(" ");
			return new Replayed(Integer.parseInt(parts[1]), Boolean.parseBoolean(parts[2]), parts[3]);
		}

	}

	/**
	 * A member that keeps every line it is sent, and when the last of them arrived.
	 */
	private static final class Member implements WebSocket.Listener, AutoCloseable {

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private volatile long lastLineAt;

		private WebSocket webSocket;

		@Override
		public void onOpen(WebSocket webSocket) {
			this.webSocket = webSocket;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.lastLineAt = System.nanoTime();
				this.lines.add(this.partial.toString());
				this.partial.setLength(0);
			}
			return null;
		}

		WebSocket webSocket() {
			return this.webSocket;
		}

		Replayed replayed() throws InterruptedException {
			return Replayed.parse(await((line) -> line.startsWith("replayed ")));
		}

		/**
		 * Wait for a line that matches, passing over the others.
		 */
		String await(Predicate<String> matches) throws InterruptedException {
			String line;
			do {
				line = this.lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				if (line == null) {
					throw new IllegalStateException("No line came within " + TIMEOUT);
				}
			}
			while (!matches.test(line));
			return line;
		}

		/**
		 * When the line {@link #await} returned last arrived (no later line may have arrived meanwhile).
		 */
		long lastLineAt() {
			return this.lastLineAt;
		}

		@Override
		public void close() {
			this.webSocket.abort();
		}

	}

	/**
	 * A member of the restarting node's room that comes back to node B with its last id when its node closes it.
	 */
	private final class Client implements WebSocket.Listener {

		private final BitSet received = new BitSet();

		private final AtomicLong closedAt = new AtomicLong();

		private final AtomicLong caughtUpAt = new AtomicLong();

		private final AtomicInteger duplicates = new AtomicInteger();

		private final StringBuilder partial = new StringBuilder();

		private final CompletableFuture<WebSocket> opening;

		private volatile String lastId = "";

		private volatile @Nullable WebSocket current;

		Client(int port) {
			this.opening = Recovery.this.http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://localhost:" + port + "/replay/rolling?since="), this);
		}

		void awaitOpen() {
			this.opening.join();
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			this.current = webSocket;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String line = this.partial.toString();
				this.partial.setLength(0);
				if (line.startsWith("replayed ")) {
					Replayed replayed = Replayed.parse(line);
					if (this.lastId.isEmpty()) {
						this.lastId = replayed.lastId();
					}
					if (this.closedAt.get() != 0) {
						this.caughtUpAt.set(System.nanoTime());
					}
				}
				else if (!line.startsWith("presence ")) {
					String[] parts = line.split(" ");
					this.lastId = parts[0];
					int seq = Integer.parseInt(parts[1].substring(1));
					if (this.received.get(seq)) {
						this.duplicates.incrementAndGet();
					}
					this.received.set(seq);
				}
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			comeBack();
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			comeBack();
		}

		private void comeBack() {
			if (this.closedAt.compareAndSet(0, System.nanoTime())) {
				Recovery.this.http.newWebSocketBuilder()
					.buildAsync(URI.create("ws://localhost:" + Recovery.this.nodeB + "/replay/rolling?since="
							+ this.lastId), this);
			}
		}

		synchronized boolean received(int last) {
			return this.received.nextClearBit(1) > last;
		}

		synchronized int count() {
			return this.received.cardinality();
		}

		void close() {
			WebSocket webSocket = this.current;
			if (webSocket != null) {
				webSocket.abort();
			}
		}

	}

}
