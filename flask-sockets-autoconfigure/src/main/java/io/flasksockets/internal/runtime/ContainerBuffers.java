package io.flasksockets.internal.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Sets the message buffer size that a Jakarta WebSocket container (Tomcat) gives each new session at its
 * handshake. Each socket of the starter sets its own size anyway, but only from its first message on; the
 * container's default decides what an idle socket holds. The default is left alone when the application serves
 * WebSocket endpoints of its own (a raw {@code WebSocketHandler}, STOMP, a {@code @ServerEndpoint}), which may
 * need whole messages in one buffer, or configures the container itself.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class ContainerBuffers {

	private static final Logger logger = LoggerFactory.getLogger(ContainerBuffers.class);

	private static final List<String> OWN_WEBSOCKET_TYPES = List.of(
			"org.springframework.web.socket.config.annotation.WebSocketConfigurer",
			"org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer",
			"org.springframework.web.socket.server.standard.ServerEndpointExporter",
			"org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean",
			"jakarta.websocket.server.ServerEndpointConfig");

	private ContainerBuffers() {
	}

	/**
	 * Set the container's default message buffer sizes, unless the application serves WebSocket endpoints of its
	 * own, configures the container itself, or the servlet context has no Jakarta WebSocket container.
	 * @param servletContext the servlet context
	 * @param beans the application's beans
	 * @param size the size, in bytes (characters of text)
	 */
	public static void applyDefaults(ServletContext servletContext, ListableBeanFactory beans, int size) {
		if (!(servletContext.getAttribute(ServerContainer.class.getName()) instanceof WebSocketContainer container)) {
			return;
		}
		List<String> own = OWN_WEBSOCKET_TYPES.stream()
			.filter((type) -> ClassUtils.isPresent(type, ContainerBuffers.class.getClassLoader()))
			.flatMap((type) -> beanNames(beans, type))
			.toList();
		if (!own.isEmpty()) {
			logger.info("WebSocket sessions keep the container's default message buffers until their first message: "
					+ "the application serves WebSocket endpoints of its own or configures the container ({})", own);
			return;
		}
		container.setDefaultMaxTextMessageBufferSize(size);
		container.setDefaultMaxBinaryMessageBufferSize(size);
	}

	private static Stream<String> beanNames(ListableBeanFactory beans, String type) {
		return Arrays.stream(beans.getBeanNamesForType(ClassUtils.resolveClassName(type, null), false, false));
	}

}
