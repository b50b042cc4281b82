package io.flasksockets.internal.runtime;

import io.flasksockets.internal.connection.FakeConnection;
import io.flasksockets.internal.socket.BlockingSocket;
import io.flasksockets.internal.socket.SocketServices;
import io.flasksockets.internal.socket.TestSockets;
import io.flasksockets.session.LiveSessions;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SessionWatch}: which sockets close, and with which reason, when their HTTP session ends.
 */
class SessionWatchTests {

	private final SessionWatch watch = new SessionWatch();

	private final TestSockets sockets = new TestSockets(mock(SocketServices.Rooms.class), Runnable::run);

	private final MockHttpSession session = new MockHttpSession();

	@Test
	void aReportedEndClosesTheSessionsSocketsWithItsReason() {
		BlockingSocket socket = open("a");
		this.watch.ended(this.session.getId(), SessionEnd.INVALIDATED);
		assertThat(socket.closeStatus()).isEqualTo(SessionEnd.INVALIDATED.status());
	}

	@Test
	void aSocketRegisteredJustAfterItsSessionWasReportedEndedClosesWithTheReportedReason() {
		BlockingSocket late = handshake("late");
		this.watch.ended(this.session.getId(), SessionEnd.INVALIDATED);
		this.session.invalidate();
		this.watch.add(late);
		assertThat(late.closeStatus()).isEqualTo(SessionEnd.INVALIDATED.status());
	}

	@Test
	void aReportOutlivesTheNextSweep() {
		BlockingSocket late = handshake("late");
		this.watch.ended(this.session.getId(), SessionEnd.INVALIDATED);
		this.watch.sweep();
		this.watch.add(late);
		assertThat(late.closeStatus()).isEqualTo(SessionEnd.INVALIDATED.status());
	}

	@Test
	void theFirstReportedEndIsTheOneLaterSocketsGet() {
		this.watch.ended(this.session.getId(), SessionEnd.INVALIDATED);
		this.watch.ended(this.session.getId(), SessionEnd.EXPIRED);
		assertThat(open("late").closeStatus()).isEqualTo(SessionEnd.INVALIDATED.status());
	}

	@Test
	void aSessionThatEndedUnreportedIsFoundByTheSweepAsGone() {
		BlockingSocket socket = open("a");
		this.session.invalidate();
		this.watch.sweep();
		assertThat(socket.closeStatus()).isEqualTo(SessionEnd.GONE.status());
	}

	@Test
	void reportedEndsAreForgottenAfterTwoSweepsAndLeaveOtherSessionsAlone() {
		MockHttpSession other = new MockHttpSession();
		this.watch.ended(other.getId(), SessionEnd.INVALIDATED);
		this.watch.sweep();
		this.watch.sweep();
		BlockingSocket socket = handshake("later", other);
		this.watch.add(socket);
		assertThat(socket.closeStatus()).isNull();
		assertThat(open("a").closeStatus()).isNull();
	}

	/**
	 * A socket whose handshake carried the session, watched.
	 */
	private BlockingSocket open(String id) {
		BlockingSocket socket = handshake(id);
		this.watch.add(socket);
		return socket;
	}

	/**
	 * A socket whose handshake carried the session, not yet watched.
	 */
	private BlockingSocket handshake(String id) {
		return handshake(id, this.session);
	}

	private BlockingSocket handshake(String id, MockHttpSession session) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSession(session);
		return this.sockets.open(id, new FakeConnection(), LiveSessions.servlet().of(request));
	}

}
