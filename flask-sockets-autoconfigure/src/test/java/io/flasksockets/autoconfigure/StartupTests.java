package io.flasksockets.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What an application logs when it starts, and when it cannot; which threads serve its requests.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTests {

	@Test
	void logsTheRoutesInOneInfoLine(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application().run()) {
			assertThat(output.getOut().lines().filter((line) -> line.contains("Socket routes: ")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains(" INFO ")
					.contains("/echo (method Routes.echo of bean 'routes')")
					.contains("/rooms/<room> (method Routes.room of bean 'routes')")
					.contains("/single (method Routes.single of bean 'routes')"));
		}
	}

	@Test
	void aMisspelledPropertyFailsWithTheFailureAnalysisFirstAndAlone(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> application().properties("flask-sockets.max-text-mesage-size=1KB").run());
		String out = output.toString();
		int analysis = out.indexOf("APPLICATION FAILED TO START");
		assertThat(analysis).isPositive();
		assertThat(out.substring(analysis)).contains("flask-sockets.max-text-mesage-size");
		List<String> errorsBefore = out.substring(0, analysis)
			.lines()
			.filter((line) -> line.contains("ERROR") || line.contains("SEVERE"))
			.filter((line) -> !line.contains("LoggingFailureAnalysisReporter"))
			.toList();
		assertThat(errorsBefore).isEmpty();
	}

	@Test
	void requestThreadsAreVirtualUnlessTheApplicationChose(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = application(ThreadApplication.class).run()) {
			assertThat(requestThread(context)).isEqualTo("virtual");
			assertThat(output.getOut().lines().filter((line) -> line.contains("Request threads are virtual")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains(" INFO ")
					.contains("spring.threads.virtual.enabled=false"));
		}
		try (ConfigurableApplicationContext context = application(ThreadApplication.class)
			.properties("spring.threads.virtual.enabled=false")
			.run()) {
			assertThat(requestThread(context)).isEqualTo("platform");
		}
	}

	private static String requestThread(ConfigurableApplicationContext context) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/thread")).build(),
					HttpResponse.BodyHandlers.ofString())
				.body();
		}
	}

	private static SpringApplicationBuilder application() {
		return application(ObservabilityTestApplication.class);
	}

	private static SpringApplicationBuilder application(Class<?> source) {
		return new SpringApplicationBuilder(source).properties("server.port=0",
				"spring.main.banner-mode=off");
	}

	/**
	 * Tells which kind of thread serves a request.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class ThreadApplication {

		@GetMapping("/thread")
		String thread() {
			return Thread.currentThread().isVirtual() ? "virtual" : "platform";
		}

	}

}
