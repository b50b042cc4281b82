package io.flasksockets.internal.runtime;

import io.flasksockets.test.AutoConfigureSocketTestClient;
import io.flasksockets.test.SocketTestClient;
import io.flasksockets.test.SocketTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON messages through the application's JSON mapper, over real sockets. The application names properties in
 * snake case, which the messages must follow.
 */
@SpringBootTest(classes = JsonTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
@AutoConfigureSocketTestClient
@ExtendWith(OutputCaptureExtension.class)
class JsonMessagesIntegrationTests {

	@Autowired
	private SocketTestClients sockets;

	@Test
	void readsAndWritesJsonWithTheApplicationsSettings() {
		try (SocketTestClient ws = this.sockets.connect("/shout")) {
			ws.send("{\"user_name\": \"ada\", \"text\": \"hello\"}");
			assertThat(ws.receive()).isEqualTo("{\"user_name\":\"ada\",\"text\":\"HELLO\"}");
			ws.send("{\"user_name\": \"ada\", \"text\": \"binary too\"}".getBytes());
			assertThat(ws.receive()).isEqualTo("{\"user_name\":\"ada\",\"text\":\"BINARY TOO\"}");
		}
	}

	@Test
	void aHandlerThatCatchesAnInvalidMessageAnswersAndGoesOn() {
		try (SocketTestClient ws = this.sockets.connect("/shout")) {
			ws.send("{\"user_name\": \"ada\", ");
			assertThat(ws.receive()).startsWith("{\"problem\":\"Message is not a valid ChatMessage: ");
			ws.send("null");
			assertThat(ws.receive()).isEqualTo("{\"problem\":\"Message is null, not a ChatMessage\"}");
			ws.send("{\"user_name\": \"ada\", \"text\": \"still here\"}");
			assertThat(ws.receive()).isEqualTo("{\"user_name\":\"ada\",\"text\":\"STILL HERE\"}");
		}
	}

	@Test
	void theApplicationsErrorHandlerDecidesForHandlerFailures() {
		try (SocketTestClient ws = this.sockets.connect("/boom")) {
			assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4000, "Handled IllegalStateException"));
		}
	}

	@Test
	void anUncaughtInvalidMessageClosesWithInvalidDataNamingTheTypeLoggedOnceWhateverTheErrorHandler(
			CapturedOutput output) {
		try (SocketTestClient ws = this.sockets.connect("/strict")) {
			ws.send("[1, 2, 3]");
			assertThat(ws.awaitClose()).isEqualTo(CloseStatus.BAD_DATA.withReason("Invalid ChatMessage"));
		}
		await().untilAsserted(() -> assertThat(output.getOut().lines()
			.filter((line) -> line.contains("on route '/strict' closed: Message is not a valid ChatMessage")))
			.hasSize(1));
		assertThat(output.getOut()).doesNotContain("Socket handler for route '/strict' failed");
		assertThat(output.getOut()).doesNotContain("Handled InvalidMessageException");
	}

	@Test
	void aRoomGetsAValueAsJsonWrittenOnce() {
		try (SocketTestClient ada = this.sockets.connect("/rooms/json");
				SocketTestClient bob = this.sockets.connect("/rooms/json")) {
			assertThat(ada.receive()).isEqualTo("joined");
			assertThat(bob.receive()).isEqualTo("joined");
			ada.send("{\"user_name\": \"ada\", \"text\": \"hi all\"}");
			assertThat(ada.receive()).isEqualTo("{\"user_name\":\"ada\",\"text\":\"hi all\"}");
			assertThat(bob.receive()).isEqualTo("{\"user_name\":\"ada\",\"text\":\"hi all\"}");
		}
	}

}
