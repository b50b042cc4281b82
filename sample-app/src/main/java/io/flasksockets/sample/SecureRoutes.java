package io.flasksockets.sample;

import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpSession;

/**
 * Sockets for logged-in users, and the session's {@code note} over HTTP.
 */
@Component
class SecureRoutes {

	private final EchoSocket echo;

	private final Greeter greeter;

	SecureRoutes(EchoSocket echo, Greeter greeter) {
		this.echo = echo;
		this.greeter = greeter;
	}

	/**
	 * Greets the user through a method-secured service, then echoes.
	 */
	@SocketRoute("/secure/echo")
	void secureEcho(Socket ws) {
		ws.send(this.greeter.greet());
		this.echo.handle(ws);
	}

	/**
	 * Sends the session's {@code note} on {@code get}; stores any other message as the note.
	 */
	@SocketRoute("/secure/session")
	void secureSession(Socket ws) {
		for (String message : ws.messages()) {
			if ("get".equals(message)) {
				Object note = ws.session().getAttribute("note");
				ws.send((note != null) ? note.toString() : "");
			}
			else {
				ws.session().setAttribute("note", message);
			}
		}
	}

	/**
	 * Greets the user the socket's thread runs as.
	 */
	@Service
	static class Greeter {

		@PreAuthorize("isAuthenticated()")
		String greet() {
			return "hello " + SecurityContextHolder.getContext().getAuthentication().getName();
		}

	}

	/**
	 * The session's {@code note} over HTTP.
	 */
	@RestController
	static class NoteController {

		@GetMapping("/secure/note")
		String note(HttpSession session) {
			Object note = session.getAttribute("note");
			return (note != null) ? note.toString() : "";
		}

		@PostMapping("/secure/note")
		void setNote(@RequestBody String note, HttpSession session) {
			session.setAttribute("note", note);
		}

	}

}
