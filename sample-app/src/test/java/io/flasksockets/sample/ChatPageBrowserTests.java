package io.flasksockets.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat page in headless Chromium against the sample app: alice on a desktop-sized window and bob on a
 * phone-sized one, each in a browser context of their own. The app runs on a fixed port so that it can be
 * restarted under the open pages.
 */
class ChatPageBrowserTests {

	private static int port;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void startApp() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		app = SampleNodes.start(port);
	}

	@AfterAll
	static void stopApp() {
		app.close();
	}

	@Test
	void aliceAndBobChatInOneRoomAndSeeTheSameMessagesInTheSameOrder() throws IOException {
		try (ChatPage alice = ChatPage.desktop(port).logIn("alice", "wonderland").join("garden");
				ChatPage bob = ChatPage.phone(port).logIn("bob", "builder").join("garden")) {
			await().until(() -> alice.memberCount().equals("2") && bob.memberCount().equals("2"));
			for (int i = 1; i <= 3; i++) {
				alice.send("hello " + i + " from alice");
				bob.send("hello " + i + " from bob");
			}
			await().until(() -> alice.messages().size() == 6 && bob.messages().size() == 6);
			assertThat(alice.messages()).isEqualTo(bob.messages())
				.contains("alice: hello 1 from alice", "bob: hello 3 from bob");
			assertThat(alice.messages().stream().filter((message) -> message.startsWith("alice: ")))
				.containsExactly("alice: hello 1 from alice", "alice: hello 2 from alice", "alice: hello 3 from alice");
			alice.screenshot("chat-alice-desktop");
			bob.screenshot("chat-bob-phone");
		}
	}

	@Test
	void aScriptInAMessageIsShownAsTextAndNeverRuns() throws IOException {
		try (ChatPage alice = ChatPage.desktop(port).logIn("alice", "wonderland").join("xss");
				ChatPage bob = ChatPage.phone(port).logIn("bob", "builder").join("xss")) {
			bob.send("<script>window.injected = 'script'</script>");
			bob.send("<img src=x onerror=\"window.injected = 'img'\">");
			await().until(() -> alice.messages().size() == 2);
			assertThat(alice.messages()).containsExactly("bob: <script>window.injected = 'script'</script>",
					"bob: <img src=x onerror=\"window.injected = 'img'\">");
			assertThat(alice.script("return window.injected === undefined")).isEqualTo(true);
			assertThat(alice.script("return document.querySelectorAll('#messages script, #messages img').length"))
				.isEqualTo(0L);
			alice.screenshot("chat-script-as-text");
		}
	}

	@Test
	void aLogoutInAnotherTabEndsThePageSessionAndItStopsReconnecting() throws IOException {
		try (ChatPage alice = ChatPage.desktop(port).logIn("alice", "wonderland").join("tabs");
				ChatPage bob = ChatPage.phone(port).logIn("bob", "builder").join("tabs")) {
			await().until(() -> bob.memberCount().equals("2"));
			alice.logOutInAnotherTab();
			alice.awaitState("ended");
			assertThat(alice.status()).isEqualTo("Your session ended: you were logged out");
			// It stays ended, and alice's socket stays out of the room
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> alice.state().equals("ended")
					&& bob.memberCount().equals("1"));
			alice.screenshot("chat-session-ended");
		}
	}

	@Test
	void afterTheServerRestartsBothPagesReconnectAndChatWithoutAReload() throws IOException {
		try (ChatPage alice = ChatPage.desktop(port).logIn("alice", "wonderland").join("restart");
				ChatPage bob = ChatPage.phone(port).logIn("bob", "builder").join("restart")) {
			alice.script("window.sameDocument = true");
			app.close();
			alice.awaitState("reconnecting");
			bob.awaitState("reconnecting");
			assertThat(alice.status()).isEqualTo("Server restarting, reconnecting…");
			app = SampleNodes.start(port);
			alice.awaitState("open");
			bob.awaitState("open");
			alice.send("back again");
			await().until(() -> bob.messages().contains("alice: back again"));
			assertThat(alice.script("return window.sameDocument")).isEqualTo(true);
			alice.screenshot("chat-after-restart");
		}
	}

}
