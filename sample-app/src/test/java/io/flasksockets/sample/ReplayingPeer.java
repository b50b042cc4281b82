package io.flasksockets.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chat page's socket into a room of the sample app, as {@code chat.js} keeps it: it remembers the id of the last
 * message it saw (or, until it sees one, the room's last id when it joined), and when its connection ends, or is dropped on purpose, it reconnects with that id to the node
 * the given supplier names, trying again every 100 ms until one answers.
 */
final class ReplayingPeer {

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient http;

	private final String room;

	private final IntSupplier nodes;

	private static final Executor retry = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

	private final ReentrantLock lock = new ReentrantLock();

	private final List<String> texts = new ArrayList<>();

	private final AtomicInteger incomplete = new AtomicInteger();

	private String lastId = "";

	private int generation;

	private volatile boolean joined;

	private volatile boolean closed;

	private volatile Listener current;

	/**
	 * Create a peer.
	 * @param nodes the port of the node to connect to, asked for each connection
	 */
	ReplayingPeer(HttpClient http, String room, IntSupplier nodes) {
		this.http = http;
		this.room = room;
		this.nodes = nodes;
	}

	/**
	 * Connect, with the id of the last message seen; if no node answers, try again 100 ms later.
	 */
	void connect() {
		if (this.closed) {
			return;
		}
		Listener listener;
		this.lock.lock();
		try {
			listener = new Listener(++this.generation);
			this.current = listener;
		}
		finally {
			this.lock.unlock();
		}
		URI uri = URI.create("ws://localhost:" + this.nodes.getAsInt() + "/chat/" + this.room + "?since="
				+ URLEncoder.encode(this.lastId(), StandardCharsets.UTF_8));
		this.http.newWebSocketBuilder().buildAsync(uri, listener).whenComplete((socket, failure) -> {
			if (failure != null) {
				retry.execute(this::connect);
			}
		});
	}

	/**
	 * Drop the connection without a close handshake, as a phone that changes networks does, and reconnect.
	 */
	void drop() {
		this.current.abort();
		connect();
	}

	/**
	 * Whether the first join has been answered.
	 */
	boolean joined() {
		return this.joined;
	}

	/**
	 * Return the texts of the room's messages, as received.
	 */
	List<String> texts() {
		this.lock.lock();
		try {
			return List.copyOf(this.texts);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many of the room's messages have been received.
	 */
	int received() {
		this.lock.lock();
		try {
			return this.texts.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many rejoins were told that messages were missed.
	 */
	int incomplete() {
		return this.incomplete.get();
	}

	/**
	 * Wait until each peer has received as many messages as expected, then check that they are the ones expected,
	 * in order, and that no rejoin was told it had missed messages. The wait allows for a room of thousands whose
	 * peers all move at once: every join and leave goes to every member, millions of presence changes that the
	 * room's messages queue behind, and on two busy cores the last peer can take more than a minute.
	 */
	static void assertEachGets(List<ReplayingPeer> peers, List<String> expected) {
		await().atMost(Duration.ofMinutes(3))
			.untilAsserted(() -> assertThat(behind(peers, expected.size()))
				.as("peers with fewer than %d messages", expected.size())
				.isEmpty());
		for (ReplayingPeer peer : peers) {
			assertThat(peer.texts()).isEqualTo(expected);
			assertThat(peer.incomplete()).as("rejoins told that messages were missed").isZero();
		}
	}

	/**
	 * Describe the first few peers that have fewer messages than expected, and how many there are in all.
	 */
	private static List<String> behind(List<ReplayingPeer> peers, int expected) {
		List<ReplayingPeer> behind = peers.stream().filter((peer) -> peer.received() < expected).toList();
		List<String> described = new ArrayList<>(behind.stream().limit(3).map(ReplayingPeer::toString).toList());
		if (behind.size() > described.size()) {
			described.add("and " + (behind.size() - described.size()) + " more");
		}
		return described;
	}

	@Override
	public String toString() {
		this.lock.lock();
		try {
			return "peer with " + this.texts.size() + " messages, last id '" + this.lastId + "', on connection "
					+ this.generation + (this.closed ? ", closed" : "");
		}
		finally {
			this.lock.unlock();
		}
	}

	void close() {
		this.closed = true;
		this.current.abort();
	}

	private String lastId() {
		this.lock.lock();
		try {
			return this.lastId;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whole messages of one connection; those of a connection since dropped are ignored, and its end reconnects.
	 */
	private final class Listener implements WebSocket.Listener {

		private final int generation;

		private final StringBuilder text = new StringBuilder();

		private volatile @Nullable WebSocket socket;

		private volatile boolean aborted;

		Listener(int generation) {
			this.generation = generation;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			this.socket = webSocket;
			if (this.aborted) {
				webSocket.abort();
			}
			webSocket.request(1);
		}

		/**
		 * Cut the connection, at once or as soon as it opens.
		 */
		void abort() {
			this.aborted = true;
			WebSocket open = this.socket;
			if (open != null) {
				open.abort();
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String whole = this.text.toString();
				this.text.setLength(0);
				if (whole.startsWith("{")) {
					received(json.readTree(whole));
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			ended();
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			ended();
		}

		private void ended() {
			if (isCurrent() && !this.aborted) {
				ReplayingPeer.this.connect();
			}
		}

		private boolean isCurrent() {
			ReplayingPeer.this.lock.lock();
			try {
				return this.generation == ReplayingPeer.this.generation;
			}
			finally {
				ReplayingPeer.this.lock.unlock();
			}
		}

		private void received(JsonNode message) {
			ReplayingPeer.this.lock.lock();
			try {
				if (this.generation != ReplayingPeer.this.generation) {
					return;
				}
				if (message.has("id")) {
					ReplayingPeer.this.lastId = message.get("id").asString();
					ReplayingPeer.this.texts.add(message.get("text").asString());
				}
				else if (message.has("replay")) {
					ReplayingPeer.this.joined = true;
					if (ReplayingPeer.this.lastId.isEmpty()) {
						ReplayingPeer.this.lastId = message.get("replay").get("lastId").asString();
					}
					if (!message.get("replay").get("complete").asBoolean()) {
						ReplayingPeer.this.incomplete.incrementAndGet();
					}
				}
			}
			finally {
				ReplayingPeer.this.lock.unlock();
			}
		}

	}

}
