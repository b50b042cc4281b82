package io.flasksockets.sample;

import io.flasksockets.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat on one node: every member of a room gets every message, named by who sent it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void eachMessageReachesEveryMemberNamedByTheLoggedInUserTheSessionsUserOrAnonymous() throws Exception {
		try (Browser alice = new Browser(this.port); Browser guest = new Browser(this.port);
				Browser stranger = new Browser(this.port)) {
			assertThat(alice.login("alice", "wonderland").statusCode()).isEqualTo(204);
			assertThat(guest.post("/login", "name=guest").statusCode()).isEqualTo(204);
			try (SocketTestClient alicesSocket = alice.connect("/chat/lobby");
					SocketTestClient guestsSocket = guest.connect("/chat/lobby");
					SocketTestClient strangersSocket = stranger.connect("/chat/lobby")) {
				await().until(() -> members(stranger, "lobby") == 3);
				SocketTestClient[] members = { alicesSocket, guestsSocket, strangersSocket };
				String[] said = { "alice: hi", "guest: hello", "anonymous: hey" };
				for (int sender = 0; sender < members.length; sender++) {
					members[sender].send(said[sender].substring(said[sender].indexOf(' ') + 1));
					for (SocketTestClient member : members) {
						assertThat(member.receive()).isEqualTo(said[sender]);
					}
				}
			}
			await().until(() -> members(stranger, "lobby") == 0);
		}
	}

	private static long members(Browser browser, String room) throws Exception {
		String body = browser.get("/rooms/" + room).body();
		assertThat(body).contains("\"room\":\"" + room + "\"");
		return Long.parseLong(body.replaceAll(".*\"members\":(\\d+).*", "$1"));
	}

}
