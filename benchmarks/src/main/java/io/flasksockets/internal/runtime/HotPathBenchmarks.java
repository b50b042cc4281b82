package io.flasksockets.internal.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.flasksockets.Message;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The runtime's per-message hot path, each next to the plain JDK or Spring baseline it replaces: the hand-off of a
 * received message to a waiting virtual thread and back ({@link Inbox} against an {@link ArrayBlockingQueue}),
 * assembling a message from the container's part, and a send through the {@link Outbox} against a direct write
 * to the connection. Run with {@code ./mvnw -pl benchmarks -am compile exec:exec -Dbench.main=org.openjdk.jmh.Main}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

	private static final Message MESSAGE = new Message.Text("hello");

	private final MessageAssembler assembler = new MessageAssembler(64 * 1024, 64 * 1024);

	private final TextMessage part = new TextMessage("hello");

	private final Connection connection = new DiscardingConnection();

	private final Outbox outbox = new Outbox(this.connection, Runnable::run, 512 * 1024, Duration.ofSeconds(10),
			(written, bytes) -> {
			}, (failure) -> {
			});

	private final Inbox toHandler = new Inbox(32, 1024 * 1024, this.connection);

	private final Inbox fromHandler = new Inbox(32, 1024 * 1024, this.connection);

	private final BlockingQueue<Message> toConsumer = new ArrayBlockingQueue<>(32);

	private final BlockingQueue<Message> fromConsumer = new ArrayBlockingQueue<>(32);

	private final List<Thread> echoes = new ArrayList<>();

	/**
	 * Virtual threads, as a socket's handler is, that send back what they are handed.
	 */
	@Setup
	public void startEchoes() {
		this.echoes.add(Thread.ofVirtual().start(() -> echo(this.toHandler::take, this.fromHandler::put)));
		this.echoes.add(Thread.ofVirtual().start(() -> echo((timeout, unit) -> this.toConsumer.take(),
				this.fromConsumer::put)));
	}

	@TearDown
	public void stopEchoes() {
		this.toHandler.close();
		this.echoes.forEach(Thread::interrupt);
	}

	/**
	 * A message handed to a waiting virtual thread and back through the socket's inbox.
	 */
	@Benchmark
	public @Nullable Message inboxRoundTrip() throws InterruptedException {
		this.toHandler.put(MESSAGE);
		return this.fromHandler.take(1, TimeUnit.SECONDS);
	}

	/**
	 * The same round trip through the JDK's {@link ArrayBlockingQueue}.
	 */
	@Benchmark
	public @Nullable Message baselineQueueRoundTrip() throws InterruptedException {
		this.toConsumer.put(MESSAGE);
		return this.fromConsumer.poll(1, TimeUnit.SECONDS);
	}

	@Benchmark
	public @Nullable Message assembleWholeText() throws MessageAssembler.TooBigException {
		return this.assembler.add(this.part);
	}

	@Benchmark
	public void outboxSend() throws IOException, Outbox.SendLimitException, Outbox.ClosedException {
		this.outbox.send(this.part);
	}

	@Benchmark
	public void baselineConnectionWrite() throws IOException {
		this.connection.write(this.part);
	}

	private static void echo(Taker taker, Putter putter) {
		try {
			Message message;
			while ((message = taker.take(-1, TimeUnit.NANOSECONDS)) != null) {
				putter.put(message);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface Taker {

		@Nullable Message take(long timeout, TimeUnit unit) throws InterruptedException;

	}

	@FunctionalInterface
	interface Putter {

		void put(Message message) throws InterruptedException;

	}

	/**
	 * A connection whose writes cost nothing, so that only the outbox's own work is measured.
	 */
	static final class DiscardingConnection implements Connection {

		@Override
		public void pauseReading() {
		}

		@Override
		public void resumeReading() {
		}

		@Override
		public void write(WebSocketMessage<?> message) {
		}

		@Override
		public void close(CloseStatus status) {
		}

		@Override
		public void abort(CloseStatus status) {
		}

	}

}
