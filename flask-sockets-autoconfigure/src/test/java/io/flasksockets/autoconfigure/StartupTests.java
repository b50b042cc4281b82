package io.flasksockets.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What an application logs when it starts, and when it cannot.
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

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ObservabilityTestApplication.class).properties("server.port=0",
				"spring.main.banner-mode=off");
	}

}
