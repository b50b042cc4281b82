package io.flasksockets.internal.jetty;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Makes Jetty's listening sockets queue as many connections as the application says until they are accepted. Jetty
 * leaves the queue to the JDK, which holds 50: when the peers of a stopped node all reconnect to this one at once,
 * the kernel drops the rest, and their clients try again only after one, three, seven... seconds. Tomcat queues 100
 * and takes {@code server.tomcat.accept-count}. A connector whose queue the application has sized already (through a
 * {@code JettyServerCustomizer} of its own) is left alone.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class JettyAcceptQueue implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> {

	private final int size;

	/**
	 * Create the customizer.
	 * @param size how many connections each listening socket queues (the operating system may allow fewer, such as
	 * Linux's {@code net.core.somaxconn})
	 */
	public JettyAcceptQueue(int size) {
		this.size = size;
	}

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		factory.addServerCustomizers((server) -> {
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector && serverConnector.getAcceptQueueSize() == 0) {
					serverConnector.setAcceptQueueSize(this.size);
				}
			}
		});
	}

}
