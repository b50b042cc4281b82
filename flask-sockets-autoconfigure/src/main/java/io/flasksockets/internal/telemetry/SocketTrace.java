package io.flasksockets.internal.telemetry;

import io.flasksockets.Message;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * One socket's observations: its life, in scope on its handler's thread while the handler runs, and, when its
 * trace is sampled, the message the handler is working on, in scope from the moment {@code receive()} returns it
 * until the handler asks for the next one or returns, so that what the handler calls meanwhile (a
 * {@code RestClient}, JDBC) joins its trace. Scopes are opened and closed on the handler's thread only: a message
 * received on another thread is observed, out of scope.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketTrace {

	/**
	 * A socket that is not observed.
	 */
	public static final SocketTrace NONE = new SocketTrace(null, Observation.NOOP);

	/**
	 * How its messages are observed, or {@code null} if they are not: its trace is not sampled.
	 */
	private final SocketObservations.@Nullable Messages messages;

	private final Observation socket;

	private volatile @Nullable Observation message;

	private Observation.@Nullable Scope messageScope;

	private volatile @Nullable Thread handler;

	SocketTrace(SocketObservations.@Nullable Messages messages, Observation socket) {
		this.messages = messages;
		this.socket = socket;
	}

	/**
	 * Put the socket's observation in scope on the handler's thread, until the scope is closed.
	 * @return the scope
	 */
	public Observation.Scope handlerScope() {
		if (this.messages != null) {
			// Only a socket whose messages are observed needs to know its handler; NONE is shared
			this.handler = Thread.currentThread();
		}
		return this.socket.openScope();
	}

	/**
	 * Start observing the handler's work on a message it received, ending its work on the one before.
	 * @param received the message
	 */
	public void received(Message received) {
		if (this.messages == null) {
			return;
		}
		messageDone();
		Observation message = this.messages.start(received, this.socket);
		if (Thread.currentThread() == this.handler) {
			this.messageScope = message.openScope();
		}
		this.message = message;
	}

	/**
	 * End the handler's work on the message it received last, if any: it asks for the next one, or returned.
	 */
	public void messageDone() {
		Observation.Scope scope = this.messageScope;
		if (scope != null && Thread.currentThread() == this.handler) {
			this.messageScope = null;
			// A scope the handler opened since and left open stays on top: closing this one under it would undo it
			if (this.messages != null && this.messages.isInScope(scope)) {
				scope.close();
			}
		}
		Observation message = this.message;
		if (message != null) {
			this.message = null;
			message.stop();
		}
	}

	/**
	 * Record that the handler failed, on the message it was working on and on the socket.
	 * @param error what it threw
	 */
	public void failed(Throwable error) {
		Observation message = this.message;
		if (message != null) {
			message.error(error);
		}
		this.socket.error(error);
	}

	/**
	 * Record that the handler sent a message while working on one it received; a send from another thread is not
	 * part of that work.
	 */
	public void sent() {
		Observation message = this.message;
		if (message != null && Thread.currentThread() == this.handler) {
			// An event of its own: an event holds the time it was made
			message.event(Observation.Event.of("sent"));
		}
	}

	/**
	 * Stop observing the socket, once it is finished.
	 * @param closeCode its close code
	 */
	public void finished(int closeCode) {
		this.socket.lowCardinalityKeyValue("websocket.close.code", Integer.toString(closeCode)).stop();
	}

}
