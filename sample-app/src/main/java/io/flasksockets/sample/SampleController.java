package io.flasksockets.sample;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plain HTTP side of the sample: the greeting and the Ajax login whose session cookie the sockets see.
 *
 * <p>{@code POST /login} is Flask-Sockets' demo login: it trusts the name it is given and is exempt from CSRF
 * protection so that the story stays one line of {@code curl}. A real application logs in through Spring Security
 * ({@code /auth/login} here), which checks a password and a CSRF token.
 */
@RestController
class SampleController {

	private static final int LONGEST_NAME = 64;

	@GetMapping("/")
	String hello() {
		return "Hello World!";
	}

	/**
	 * Store the user in the session under a new session id, as every login must, so that an id an attacker planted
	 * before the login (session fixation) is worth nothing after it. A name longer than {@value #LONGEST_NAME}
	 * characters is refused with 400, so that an unauthenticated request cannot make a session hold much.
	 */
	@PostMapping("/login")
	ResponseEntity<Void> login(@RequestParam String name, HttpServletRequest request) {
		if (name.length() > LONGEST_NAME) {
			return ResponseEntity.badRequest().build();
		}
		request.getSession();
		request.changeSessionId();
		request.getSession().setAttribute("user", name);
		return ResponseEntity.noContent().build();
	}

}
