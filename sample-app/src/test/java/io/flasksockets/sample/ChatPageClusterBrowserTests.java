package io.flasksockets.sample;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat page in headless Chromium against two nodes of the sample app with the {@code cluster} profile: alice's
 * page on one node, bob's on the other, chatting through the Redis on 127.0.0.1:6379.
 */
class ChatPageClusterBrowserTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster();

	@Test
	void aliceOnOneNodeAndBobOnTheOtherChatThroughRedis() throws IOException {
		try (ChatPage alice = ChatPage.desktop(cluster.portA()).logIn("alice", "wonderland").join("cluster");
				ChatPage bob = ChatPage.phone(cluster.portB()).logIn("bob", "builder").join("cluster")) {
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			alice.send("hello from node A");
			bob.send("hello from node B");
			await().until(() -> alice.messages().size() == 2 && bob.messages().size() == 2);
			assertThat(alice.messages()).isEqualTo(bob.messages())
				.containsExactlyInAnyOrder("alice: hello from node A", "bob: hello from node B");
			alice.screenshot("chat-cluster-alice-node-a");
			bob.screenshot("chat-cluster-bob-node-b");
		}
	}

}
