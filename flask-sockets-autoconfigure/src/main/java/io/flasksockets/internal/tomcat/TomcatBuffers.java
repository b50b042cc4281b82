package io.flasksockets.internal.tomcat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.server.WsServerContainer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * Gives the sessions Tomcat opens small message buffers from their handshake on, by setting its WebSocket
 * container's default sizes once the container exists and before the web server takes connections. Each socket of
 * the starter sets its own sizes anyway, but Tomcat applies them only from the next message of each kind on, so the
 * container's defaults decide what an idle socket holds.
 *
 * <p>The defaults are left alone when the application serves WebSocket endpoints of its own (a
 * {@code WebSocketHandler}, STOMP, a {@code @ServerEndpoint}), which may need whole messages in one buffer, or
 * configures the container itself. Other containers are left alone too: Jetty keeps no such buffers, and its
 * Jakarta container takes these sizes as message size limits.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class TomcatBuffers implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(TomcatBuffers.class);

	/**
	 * Beans that show the application serves WebSocket endpoints of its own or configures the container; by name,
	 * since STOMP's configurer needs spring-messaging.
	 */
	private static final List<String> OWN_WEBSOCKET_TYPES = List.of(
			"org.springframework.web.socket.WebSocketHandler",
			"org.springframework.web.socket.server.support.WebSocketHttpRequestHandler",
			"org.springframework.web.socket.config.annotation.WebSocketConfigurer",
			"org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer",
			"org.springframework.web.socket.server.standard.ServerEndpointExporter",
			"org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean",
			"jakarta.websocket.server.ServerEndpointConfig");

	private final WebApplicationContext context;

	private final int size;

	/**
	 * Create the defaults for an application.
	 * @param context the application
	 * @param size the message buffer size of new sessions, in bytes (characters of text)
	 */
	public TomcatBuffers(WebApplicationContext context, int size) {
		this.context = context;
		this.size = size;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ServletContext servletContext = this.context.getServletContext();
		if (servletContext == null || !(servletContext
			.getAttribute(ServerContainer.class.getName()) instanceof WsServerContainer container)) {
			return;
		}
		List<String> own = OWN_WEBSOCKET_TYPES.stream().flatMap(this::beanNames).toList();
		if (!own.isEmpty()) {
			logger.info("WebSocket sessions keep Tomcat's default message buffers until their first message of each "
					+ "kind: the application serves WebSocket endpoints of its own or configures the container ({})",
					own);
			return;
		}
		container.setDefaultMaxTextMessageBufferSize(this.size);
		container.setDefaultMaxBinaryMessageBufferSize(this.size);
		logger.debug("Tomcat's WebSocket sessions start with message buffers of {} bytes", this.size);
	}

	private Stream<String> beanNames(String typeName) {
		@Nullable ClassLoader classLoader = this.context.getClassLoader();
		if (!ClassUtils.isPresent(typeName, classLoader)) {
			return Stream.empty();
		}
		Class<?> type = ClassUtils.resolveClassName(typeName, classLoader);
		return Arrays.stream(this.context.getBeanNamesForType(type, false, false));
	}

}
