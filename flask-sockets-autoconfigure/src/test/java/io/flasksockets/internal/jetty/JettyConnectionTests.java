package io.flasksockets.internal.jetty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a socket's connection reads of Jetty's private state on the Jetty this build uses.
 */
class JettyConnectionTests {

	@Test
	void jettysNetworkBufferIsFound() {
		assertThat(JettyConnection.readsNetworkBuffer()).isTrue();
	}

}
