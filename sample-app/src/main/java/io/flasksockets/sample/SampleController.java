package io.flasksockets.sample;

import jakarta.servlet.http.HttpSession;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plain HTTP side of the sample: the greeting and the Ajax login whose session cookie the sockets see.
 */
@RestController
class SampleController {

	@GetMapping("/")
	String hello() {
		return "Hello World!";
	}

	@PostMapping("/login")
	ResponseEntity<Void> login(@RequestParam String name, HttpSession session) {
		session.setAttribute("user", name);
		return ResponseEntity.noContent().build();
	}

}
