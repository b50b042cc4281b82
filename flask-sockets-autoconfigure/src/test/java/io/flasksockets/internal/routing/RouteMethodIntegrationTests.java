package io.flasksockets.internal.routing;

import io.flasksockets.test.AutoConfigureSocketTestClient;
import io.flasksockets.test.SocketTestClient;
import io.flasksockets.test.SocketTestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route methods given what a {@code @GetMapping} method is given, over real sockets.
 */
@SpringBootTest(classes = RouteMethodTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketTestClient
class RouteMethodIntegrationTests {

	@Autowired
	private SocketTestClients sockets;

	@Test
	void passesRenamedPathVariablesQueryParametersThePrincipalAndTheSessionView() {
		try (SocketTestClient ws = this.sockets.connect("/users/41?name=ada&count=3&tag=x&user=alice")) {
			assertThat(ws.receive()).isEqualTo("42 ada 3 x alice false");
		}
	}

	@Test
	void appliesDefaultsAndOptionalQueryParameters() {
		try (SocketTestClient ws = this.sockets.connect("/users/1?name=ada")) {
			assertThat(ws.receive()).isEqualTo("2 ada 1 - anonymous false");
		}
	}

	@Test
	void aMissingQueryParameterClosesWithPolicyViolationNamingIt() {
		try (SocketTestClient ws = this.sockets.connect("/users/1")) {
			assertThat(ws.awaitClose())
				.isEqualTo(CloseStatus.POLICY_VIOLATION.withReason("Missing query parameter 'name'"));
		}
	}

	@Test
	void aValueThatDoesNotConvertClosesWithPolicyViolationNamingIt() {
		try (SocketTestClient ws = this.sockets.connect("/users/forty?name=ada")) {
			assertThat(ws.awaitClose())
				.isEqualTo(CloseStatus.POLICY_VIOLATION.withReason("Path variable 'id' is not a valid long"));
		}
		try (SocketTestClient ws = this.sockets.connect("/users/1?name=ada&count=many")) {
			assertThat(ws.awaitClose())
				.isEqualTo(CloseStatus.POLICY_VIOLATION.withReason("Query parameter 'count' is not a valid int"));
		}
	}

	@Test
	void convertsWithTheConvertersSpringMvcUses() {
		try (SocketTestClient ws = this.sockets.connect("/codes/AB-12")) {
			assertThat(ws.receive()).isEqualTo("AB 13");
		}
	}

	@Test
	void callsRouteMethodsThroughTheirBeansProxiesSoThatAdviceRuns() {
		try (SocketTestClient ws = this.sockets.connect("/greet/jdk")) {
			assertThat(ws.receive()).isEqualTo("advised by JDK proxy");
		}
		try (SocketTestClient ws = this.sockets.connect("/greet/class")) {
			assertThat(ws.receive()).isEqualTo("advised by class proxy");
		}
	}

}
