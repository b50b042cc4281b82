package io.flasksockets.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The chat page in headless Chromium rides out a lost connection and a killed node with every message shown once, in
 * order: alice's page on node A of the sample app's {@code cluster} profile, in this JVM, and bob's on node B, in a
 * JVM of its own, behind a proxy that stands for the network and the load balancer. Redis on 127.0.0.1:6379.
 */
class ChatPageRecoveryBrowserTests {

	private static final String NAMESPACE = "sample-test-" + UUID.randomUUID();

	@Test
	void bobsPageShowsEveryMessageOnceThroughALostConnectionAndAKilledNode() throws Exception {
		try (ConfigurableApplicationContext nodeA = SampleCluster.node(NAMESPACE);
				SampleProcess nodeB = SampleProcess.start(SampleCluster.arguments(NAMESPACE));
				TcpProxy network = new TcpProxy(nodeB.port());
				ChatPage alice = ChatPage.desktop(SampleNodes.port(nodeA)).logIn("alice", "wonderland");
				ChatPage bob = ChatPage.phone(network.port()).logIn("bob", "builder")) {
			alice.join("recovery");
			bob.join("recovery");
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			List<String> sent = new ArrayList<>();

			// Bob's connection is lost while alice sends 20 messages; alice sees bob leave
			network.cutOff();
			await().until(alice::memberCount, equalTo("1"));
			send(alice, sent, 20);
			await().until(alice::messages, equalTo(sent));
			network.restore();
			await().atMost(Duration.ofSeconds(30)).until(bob::messages, equalTo(sent));
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			bob.screenshot("chat-recovery-bob-after-lost-connection");

			// Bob's node is killed while alice goes on sending; the load balancer sends bob to node A
			nodeB.kill();
			network.pointAt(SampleNodes.port(nodeA));
			send(alice, sent, 10);
			await().atMost(Duration.ofSeconds(30)).until(bob::messages, equalTo(sent));
			assertThat(bob.notices()).as("nothing was missed").isEmpty();
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			bob.screenshot("chat-recovery-bob-after-node-killed");

			assertThat(alice.requestsTo("/rooms/")).as("the count comes from presence events, not polling").isZero();
			assertThat(bob.requestsTo("/rooms/")).isZero();
		}
	}

	private static void send(ChatPage alice, List<String> sent, int count) {
		for (int i = 0; i < count; i++) {
			String text = "message " + (sent.size() + 1);
			alice.send(text);
			sent.add("alice: " + text);
		}
	}

}
