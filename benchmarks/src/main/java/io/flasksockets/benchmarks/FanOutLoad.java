package io.flasksockets.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.HdrHistogram.Histogram;

/**
 * One publisher to a room of listening sockets, spread over one or more nodes: the time from publishing a message
 * until its last member has it, one message at a time, and the deliveries per second of a burst.
 */
final class FanOutLoad {

	private static final int MAX_MESSAGES = 10_000;

	private static final int WARM_UP = 20;

	private final HttpClient client = HttpClient.newHttpClient();

	private final Load.CpuSource serversCpu;

	/**
	 * Create fan-out load.
	 * @param serversCpu tells the CPU time the servers' processes have used so far, together
	 */
	FanOutLoad(Load.CpuSource serversCpu) {
		this.serversCpu = serversCpu;
	}

	/**
	 * Open the members, spread evenly over the nodes, then publish on the first node.
	 * @param ports the nodes' ports
	 * @param kind {@code raw} or {@code route}
	 * @param members how many sockets are in the room
	 * @param rounds how many messages to publish one at a time
	 * @param burst how many messages to publish at once
	 */
	Map<String, Double> run(List<Integer> ports, String kind, int members, int size, int rounds, int burst)
			throws Exception {
		Room room = new Room(members);
		List<WebSocket> sockets = open(ports, kind, room);
		try {
			Publisher publisher = new Publisher(ports.getFirst(), kind, size, room);
			publisher.warmUp(burst);
			Histogram lastDelivery = new Histogram(3);
			for (int i = 0; i < rounds; i++) {
				lastDelivery.recordValue(publisher.publish(1) / 1000);
			}
			long cpuBefore = this.serversCpu.get();
			long burstNanos = publisher.publish(burst);
			long cpu = this.serversCpu.get() - cpuBefore;
			long deliveries = (long) members * burst;
			Map<String, Double> figures = new LinkedHashMap<>();
			figures.put("deliveries/s in a burst of " + burst + " (higher is better)", deliveries / (burstNanos / 1e9));
			figures.put("server CPU µs per delivery", cpu / 1e3 / deliveries);
			figures.put("time to last delivery p50 µs", (double) lastDelivery.getValueAtPercentile(50));
			figures.put("time to last delivery p99 µs", (double) lastDelivery.getValueAtPercentile(99));
			return figures;
		}
		finally {
			sockets.forEach(WebSocket::abort);
		}
	}

	private List<WebSocket> open(List<Integer> ports, String kind, Room room) {
		List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
		for (int i = 0; i < room.members; i++) {
			URI uri = URI.create("ws://localhost:" + ports.get(i % ports.size()) + "/fanout/" + kind);
			opening.add(this.client.newWebSocketBuilder().buildAsync(uri, new Member(room)));
			if (opening.size() % 256 == 0) {
				opening.getLast().join();
			}
		}
		return opening.stream().map(CompletableFuture::join).toList();
	}

	/**
	 * Publishes numbered messages and waits until every member has them.
	 */
	private final class Publisher {

		private final URI uri;

		private final int size;

		private final Room room;

		private int next;

		Publisher(int port, String kind, int size, Room room) {
			this.uri = URI.create("http://localhost:" + port + "/publish/" + kind);
			this.size = size;
			this.room = room;
		}

		/**
		 * Publish until a message reaches every member (the starter's members join on their own threads, after
		 * their handshakes), then some more, one at a time and in a burst.
		 */
		void warmUp(int burst) throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (true) {
				try {
					publish(1, Duration.ofSeconds(1));
					break;
				}
				catch (TimeoutException ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Not every member had a message within 30 s", ex);
					}
				}
			}
			for (int i = 0; i < WARM_UP; i++) {
				publish(1);
			}
			publish(burst);
		}

		/**
		 * Publish messages and return the nanoseconds until every member has had the last of them.
		 */
		long publish(int count) throws Exception {
			return publish(count, Duration.ofSeconds(60));
		}

		private long publish(int count, Duration timeout) throws Exception {
			int from = this.next;
			this.next += count;
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(this.uri + "?from=" + from + "&count=" + count + "&size=" + this.size))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			long start = System.nanoTime();
			HttpResponse<Void> response = FanOutLoad.this.client.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Publishing answered " + response.statusCode());
			}
			long last = start;
			for (int seq = from; seq < from + count; seq++) {
				last = Math.max(last, this.room.done[seq].get(timeout.toNanos(), TimeUnit.NANOSECONDS));
			}
			return last - start;
		}

	}

	/**
	 * The messages every member has had: counts each message down and records when its last member had it.
	 */
	private static final class Room {

		private final int members;

		private final AtomicIntegerArray remaining = new AtomicIntegerArray(MAX_MESSAGES);

		@SuppressWarnings("unchecked")
		private final CompletableFuture<Long>[] done = new CompletableFuture[MAX_MESSAGES];

		Room(int members) {
			this.members = members;
			for (int seq = 0; seq < MAX_MESSAGES; seq++) {
				this.remaining.set(seq, members);
				this.done[seq] = new CompletableFuture<>();
			}
		}

		void delivered(int seq) {
			if (this.remaining.decrementAndGet(seq) == 0) {
				this.done[seq].complete(System.nanoTime());
			}
		}

	}

	/**
	 * One member's listener: reads the sequence number at the start of each message, which may arrive in parts.
	 */
	private static final class Member implements WebSocket.Listener {

		private final Room room;

		private int seq;

		private boolean numberRead;

		Member(Room room) {
			this.room = room;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			for (int i = 0; i < data.length() && !this.numberRead; i++) {
				char c = data.charAt(i);
				this.numberRead = (c == ' ');
				this.seq = this.numberRead ? this.seq : this.seq * 10 + (c - '0');
			}
			if (last) {
				this.room.delivered(this.seq);
				this.seq = 0;
				this.numberRead = false;
			}
			return null;
		}

	}

}
