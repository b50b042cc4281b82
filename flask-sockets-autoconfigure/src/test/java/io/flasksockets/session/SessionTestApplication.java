package io.flasksockets.session;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP endpoints and a socket that read and write the same session.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SessionTestApplication {

	@RestController
	static class SessionController {

		@PostMapping("/session")
		String create(@RequestParam int timeout, HttpServletRequest request) {
			HttpSession session = request.getSession();
			session.setMaxInactiveInterval(timeout);
			return session.getId();
		}

		@GetMapping("/session/{name}")
		String read(@PathVariable String name, HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			Object value = (session != null) ? session.getAttribute(name) : null;
			return (session == null) ? "no session" : String.valueOf(value);
		}

		@PostMapping("/session/{name}")
		void write(@PathVariable String name, @RequestParam String value, HttpSession session) {
			session.setAttribute(name, value);
		}

		@PostMapping("/session/invalidate")
		void invalidate(HttpSession session) {
			session.invalidate();
		}

	}

	@SocketRoute("/session-socket")
	static class SessionSocket implements io.flasksockets.SocketHandler {

		/**
		 * {@code get:name} sends the attribute, {@code set:name=value} writes it, {@code wait:millis} answers after
		 * that long without a message; anything else is echoed.
		 */
		@Override
		public void handle(Socket ws) {
			for (String command : ws.messages()) {
				String argument = command.substring(command.indexOf(':') + 1);
				if (command.startsWith("get:")) {
					ws.send(String.valueOf(ws.session().getAttribute(argument)));
				}
				else if (command.startsWith("set:")) {
					String[] pair = argument.split("=", 2);
					ws.session().setAttribute(pair[0], pair[1]);
					ws.send("ok");
				}
				else if (command.startsWith("wait:")) {
					String unexpected = ws.receive(java.time.Duration.ofMillis(Long.parseLong(argument)));
					ws.send((unexpected != null) ? "unexpected " + unexpected : "waited");
				}
				else {
					ws.send("exists=" + ws.session().exists() + " id=" + (ws.session().id() != null));
				}
			}
		}

	}

}
