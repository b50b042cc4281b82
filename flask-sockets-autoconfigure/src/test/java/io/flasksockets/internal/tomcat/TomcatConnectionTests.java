package io.flasksockets.internal.tomcat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.limits.RateLimits;
import io.flasksockets.internal.routing.SocketSettings;
import org.apache.tomcat.websocket.WsSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * How a socket sizes Tomcat's message buffers: small until a message does not fit, then as large as allowed for that
 * kind of message; and that it reads Tomcat's private frame state on the Tomcat this build uses.
 */
class TomcatConnectionTests {

	private static final SocketSettings SETTINGS = new SocketSettings(65536, 65536, 32, 1024 * 1024, null, null,
			Duration.ofSeconds(25), Duration.ofSeconds(10), 512 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
			List.of(), 1024, 8192, Duration.ofSeconds(1), null, RateLimits.NONE);

	private final WsSession wsSession = mock(WsSession.class);

	private Connection connection;

	@BeforeEach
	void connect() {
		NativeWebSocketSession session = mock(NativeWebSocketSession.class);
		given(session.getNativeSession()).willReturn(this.wsSession);
		given(this.wsSession.getUserProperties()).willReturn(new HashMap<>());
		Connection connection = TomcatConnection.of(session, SETTINGS);
		assertThat(connection).isNotNull();
		this.connection = connection;
	}

	@Test
	void tomcatsReadStateAndInputBufferAreFound() {
		assertThat(TomcatConnection.readsFrames()).isTrue();
	}

	@Test
	void aNewSocketsBuffersHaveTheInitialSize() {
		then(this.wsSession).should().setMaxTextMessageBufferSize(1024);
		then(this.wsSession).should().setMaxBinaryMessageBufferSize(1024);
	}

	@Test
	void messagesThatFitLeaveTheBuffersSmall() {
		this.connection.partReceived(new TextMessage("hello"));
		this.connection.partReceived(new BinaryMessage(new byte[100]));
		then(this.wsSession).should(never()).setMaxTextMessageBufferSize(8192);
		then(this.wsSession).should(never()).setMaxBinaryMessageBufferSize(8192);
	}

	@Test
	void aTextMessageInPartsGrowsTheTextBufferOnly() {
		this.connection.partReceived(new TextMessage("a".repeat(1024), false));
		then(this.wsSession).should().setMaxTextMessageBufferSize(8192);
		then(this.wsSession).should(never()).setMaxBinaryMessageBufferSize(8192);
	}

	@Test
	void aBinaryMessageInPartsGrowsTheBinaryBufferOnly() {
		this.connection.partReceived(new BinaryMessage(new byte[1024], false));
		then(this.wsSession).should().setMaxBinaryMessageBufferSize(8192);
		then(this.wsSession).should(never()).setMaxTextMessageBufferSize(8192);
	}

	@Test
	void aGrownBufferIsNotSetAgain() {
		this.connection.partReceived(new TextMessage("a".repeat(1024), false));
		this.connection.partReceived(new TextMessage("a".repeat(8192), false));
		then(this.wsSession).should(times(1)).setMaxTextMessageBufferSize(8192);
	}

	@Test
	void aSessionClosedMeanwhileIsLeftAsItIs() {
		willThrow(new IllegalStateException("closed")).given(this.wsSession).setMaxTextMessageBufferSize(8192);
		this.connection.partReceived(new TextMessage("a".repeat(1024), false));
		then(this.wsSession).should().setMaxTextMessageBufferSize(8192);
	}

}
