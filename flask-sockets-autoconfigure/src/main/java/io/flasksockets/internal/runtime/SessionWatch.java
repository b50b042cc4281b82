package io.flasksockets.internal.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flasksockets.internal.socket.BlockingSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The open sockets by the HTTP session their handshakes carried, so that whatever asks whether a session has ended
 * asks once per session, not once per socket: a sweep checks each session once per session check interval, and
 * when a session is reported ended (by the servlet container or Spring Session) its sockets are found at once.
 * While the session store cannot answer, sockets stay open; the outage is logged once, and checks go on.
 */
final class SessionWatch {

	private static final Logger logger = LoggerFactory.getLogger(SessionWatch.class);

	private final Map<String, Set<BlockingSocket>> sockets = new ConcurrentHashMap<>();

	private final Map<String, Report> reported = new ConcurrentHashMap<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	/** How many sweeps have begun; only a sweep changes it, and one sweep runs at a time. */
	private volatile long sweeps;

	private volatile boolean storeFailing;

	/**
	 * Watch a socket's session, if its handshake carried one, and close the socket at once if the session was
	 * lately reported ended.
	 */
	void add(BlockingSocket socket) {
		String sessionId = socket.handshake().session().id();
		if (sessionId != null) {
			this.sockets.compute(sessionId, (id, open) -> {
				Set<BlockingSocket> watched = (open != null) ? open : ConcurrentHashMap.newKeySet();
				watched.add(socket);
				Report report = this.reported.get(id);
				if (report != null) {
					socket.closeLater(report.end().status());
				}
				return watched;
			});
		}
	}

	/**
	 * Stop watching a socket that has finished.
	 */
	void remove(BlockingSocket socket) {
		String sessionId = socket.handshake().session().id();
		if (sessionId != null) {
			this.sockets.computeIfPresent(sessionId, (id, open) -> {
				open.remove(socket);
				return open.isEmpty() ? null : open;
			});
		}
	}

	/**
	 * Close, with 1008 and a reason that says how, every socket of a session that has ended; the first report of a
	 * session's end gives the reason.
	 */
	void ended(String sessionId, SessionEnd end) {
		SessionEnd first = this.reported.computeIfAbsent(sessionId, (id) -> new Report(end, this.sweeps)).end();
		this.sockets.computeIfPresent(sessionId, (id, open) -> {
			open.forEach((socket) -> socket.closeLater(first.status()));
			return open;
		});
	}

	/**
	 * Ask once about each watched session whether it has ended, unless the previous sweep is still asking, and
	 * forget the reports made before the previous sweep.
	 */
	void sweep() {
		if (!this.sweeping.compareAndSet(false, true)) {
			return;
		}
		try {
			long sweep = ++this.sweeps;
			this.reported.values().removeIf((report) -> report.sweep() < sweep - 1);
			this.sockets.forEach((sessionId, open) -> open.stream().findAny().ifPresent((socket) -> {
				if (hasEnded(socket)) {
					ended(sessionId, socket.handshake().session().hasExpired() ? SessionEnd.EXPIRED : SessionEnd.GONE);
				}
			}));
		}
		finally {
			this.sweeping.set(false);
		}
	}

	private boolean hasEnded(BlockingSocket socket) {
		try {
			boolean ended = socket.handshake().session().hasEnded();
			if (this.storeFailing) {
				this.storeFailing = false;
				logger.info("HTTP sessions can be checked again; sockets whose sessions ended close now");
			}
			return ended;
		}
		catch (RuntimeException ex) {
			if (!this.storeFailing) {
				this.storeFailing = true;
				logger.warn("Cannot check whether HTTP sessions have ended; their sockets stay open and the checks "
						+ "go on", ex);
			}
			return false;
		}
	}

	/**
	 * How a session was reported to have ended, and in which sweep interval.
	 */
	private record Report(SessionEnd end, long sweep) {

	}

}
