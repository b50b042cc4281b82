package io.flasksockets.internal.runtime;

import io.flasksockets.internal.jetty.JettyUpgradeStrategy;
import io.flasksockets.internal.connection.Connection;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.tomcat.TomcatConnection;
import io.flasksockets.internal.tomcat.TomcatVersion;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The servlet container sockets run on, detected once: everything that differs between containers asks here.
 * Tomcat upgrades through its JSR-356 container, which delivers parts and can suspend reading; Jetty through its
 * own API, which can do the same. Each container's classes load only when it is the one present.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public enum Container {

	/** Apache Tomcat 11. */
	TOMCAT,

	/** Eclipse Jetty 12 (EE 11). */
	JETTY,

	/** Neither: an application context without a servlet container, as in some tests. */
	OTHER;

	private static final Container current = detect();

	/**
	 * What an idle socket was measured to cost on the heap, rounded up (Tomcat about 60 KB, Jetty about 18 KB).
	 */
	private static final DataSize TOMCAT_SOCKET = DataSize.ofKilobytes(64);

	private static final DataSize JETTY_SOCKET = DataSize.ofKilobytes(24);

	/**
	 * What compression was measured to add to an idle socket, heap and native memory together, rounded up: Tomcat
	 * keeps an inflater and a deflater per socket (about 55 KB of heap and 90 KB of zlib's memory), Jetty pools
	 * them.
	 */
	private static final DataSize TOMCAT_COMPRESSION = DataSize.ofKilobytes(144);

	private static final DataSize JETTY_COMPRESSION = DataSize.ofKilobytes(8);

	/**
	 * Return the container of this application.
	 * @return the container
	 */
	public static Container current() {
		return current;
	}

	private static Container detect() {
		ClassLoader classLoader = Container.class.getClassLoader();
		if (ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession", classLoader)) {
			return TOMCAT;
		}
		if (ClassUtils.isPresent("org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
				classLoader)) {
			return JETTY;
		}
		return OTHER;
	}

	/**
	 * Return what an idle socket costs on this container's heap.
	 * @return the cost
	 */
	public DataSize idleSocketCost() {
		return (this == JETTY) ? JETTY_SOCKET : TOMCAT_SOCKET;
	}

	/**
	 * Return what compression adds to an idle socket on this container.
	 * @return the cost
	 */
	public DataSize compressionCost() {
		return (this == JETTY) ? JETTY_COMPRESSION : TOMCAT_COMPRESSION;
	}

	/**
	 * Return how handshakes are upgraded on this container.
	 * @return the upgrade strategy
	 */
	public RequestUpgradeStrategy upgradeStrategy() {
		return (this == JETTY) ? new JettyUpgradeStrategy() : new StandardWebSocketUpgradeStrategy();
	}

	/**
	 * Whether a request is a WebSocket handshake over HTTP/2 (RFC 8441) that this container upgrades: Jetty takes
	 * them once HTTP/2 is on; Tomcat does not announce them, so browsers open their sockets over HTTP/1.1 there.
	 * @param request the request
	 * @return whether it is such a handshake
	 */
	public boolean isHttp2Handshake(HttpServletRequest request) {
		return (this == JETTY) && JettyUpgradeStrategy.isHttp2Handshake(request);
	}

	/**
	 * Whether permessage-deflate may be negotiated on this container, warning once when it may not.
	 * @return whether the container compresses correctly
	 */
	public boolean compressesCorrectly() {
		return (this != TOMCAT) || TomcatVersion.compressesCorrectly();
	}

	/**
	 * Return the container's side of a socket's connection.
	 * @param session the session that has just opened
	 * @param settings the settings of the socket's route
	 * @return the connection
	 * @throws IllegalStateException if sockets cannot run on the session's container
	 */
	public Connection connect(WebSocketSession session, SocketSettings settings) {
		Connection connection = switch (this) {
			case TOMCAT -> TomcatConnection.of(session, settings);
			case JETTY, OTHER -> (Connection) session.getAttributes().get(Connection.ATTRIBUTE);
		};
		if (connection == null) {
			throw new IllegalStateException("Socket routes run on Tomcat or Jetty, not on " + session.getClass());
		}
		return connection;
	}

}
