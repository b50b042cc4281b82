package io.flasksockets.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the web server's request threads on virtual threads ({@code spring.threads.virtual.enabled=true}) in a
 * servlet web application that has not chosen either way, on JDK 24 or newer, and says so in one INFO line. Each
 * message a socket receives is handed from the container's thread to the handler's virtual thread, which costs much
 * less from a virtual thread than from a platform thread (the performance page has the figures). An application
 * that sets the property, {@code false} included, keeps its choice.
 */
final class VirtualThreadsDefault implements EnvironmentPostProcessor, Ordered {

	private static final String PROPERTY = "spring.threads.virtual.enabled";

	/**
	 * The first JDK whose virtual threads do not pin their carrier inside {@code synchronized} (JEP 491), which the
	 * containers' request paths use.
	 */
	private static final int FIRST_UNPINNED_JDK = 24;

	private final Log logger;

	VirtualThreadsDefault(DeferredLogFactory logs) {
		this.logger = logs.getLog(VirtualThreadsDefault.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (application.getWebApplicationType() != WebApplicationType.SERVLET || environment.containsProperty(PROPERTY)
				|| Runtime.version().feature() < FIRST_UNPINNED_JDK) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("flaskSocketsVirtualThreads", Map.of(PROPERTY, "true")));
		this.logger.info("Request threads are virtual (" + PROPERTY + "=true): messages reach socket handlers "
				+ "at the least cost that way; set " + PROPERTY + "=false to keep platform threads");
	}

	@Override
	public int getOrder() {
		// After the application's own configuration has been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
