package io.flasksockets.sample;

import io.flasksockets.Socket;
import io.flasksockets.SocketBlueprint;
import io.flasksockets.SocketConfigurer;
import io.flasksockets.SocketRoute;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The other socket routes: a blueprint, a typed path variable and the HTTP session.
 */
@Configuration(proxyBeanMethods = false)
class SampleRoutes {

	private final EchoSocket echo;

	SampleRoutes(EchoSocket echo) {
		this.echo = echo;
	}

	/**
	 * The echo handler again, at {@code /ws/echo} through a blueprint registered under {@code /ws}.
	 */
	@Bean
	SocketConfigurer wsBlueprint() {
		SocketBlueprint ws = new SocketBlueprint("ws").route("/echo", this.echo);
		return (routes) -> routes.registerBlueprint(ws, "/ws");
	}

	/**
	 * Sends {@code id=<id>} once, then echoes.
	 */
	@SocketRoute("/echo/<int:id>")
	void numberedEcho(Socket ws, int id) {
		ws.send("id=" + id);
		this.echo.handle(ws);
	}

	/**
	 * Sends the session's {@code user}, or {@code anonymous}, then closes.
	 */
	@SocketRoute("/whoami")
	void whoami(Socket ws) {
		Object user = ws.session().getAttribute("user");
		ws.send((user != null) ? user.toString() : "anonymous");
	}

}
