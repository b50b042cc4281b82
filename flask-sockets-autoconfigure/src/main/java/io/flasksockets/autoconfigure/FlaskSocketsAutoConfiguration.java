package io.flasksockets.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import io.flasksockets.SocketConfigurer;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;
import io.flasksockets.broker.InMemorySocketBroker;
import io.flasksockets.broker.RedisRateLimitBuckets;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.handshake.SocketHandlerMappings;
import io.flasksockets.internal.jetty.JettyAcceptQueue;
import io.flasksockets.internal.limits.Allowance;
import io.flasksockets.internal.limits.RateLimits;
import io.flasksockets.internal.limits.UserBuckets;
import io.flasksockets.internal.routing.SocketRoutes;
import io.flasksockets.internal.runtime.Capacity;
import io.flasksockets.internal.runtime.Container;
import io.flasksockets.internal.runtime.InvalidationFilter;
import io.flasksockets.internal.runtime.LoggingErrorHandler;
import io.flasksockets.internal.rooms.ReplayWindow;
import io.flasksockets.internal.runtime.SessionEnd;
import io.flasksockets.internal.runtime.SocketRuntime;
import io.flasksockets.internal.socket.Conversions;
import io.flasksockets.internal.routing.SocketSettings;
import io.flasksockets.internal.telemetry.SocketMetrics;
import io.flasksockets.internal.telemetry.SocketObservations;
import io.micrometer.observation.ObservationRegistry;
import io.flasksockets.internal.tomcat.TomcatBuffers;
import io.flasksockets.session.LiveSessions;
import io.flasksockets.session.SpringSessionLiveSessions;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import jakarta.websocket.server.ServerContainer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionDestroyedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for blocking-style WebSocket routes: it finds the
 * {@link SocketRoute} beans and methods and the {@link SocketConfigurer} beans, maps their routes in Spring MVC,
 * and runs each socket's handler on a virtual thread of its own.
 *
 * <p>The application may replace the {@link Sockets} view, the {@link SocketErrorHandler}, the
 * {@link SocketBroker}, the {@link LiveSessions} and the executor named {@value #EXECUTOR_BEAN_NAME} with beans of
 * its own; the rest is the runtime itself, which is not a candidate for injection.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
		"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
		"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebSocketHandlerMapping.class, ServerContainer.class })
@EnableConfigurationProperties(FlaskSocketsProperties.class)
public final class FlaskSocketsAutoConfiguration {

	/**
	 * The name of the executor that runs socket handlers.
	 */
	public static final String EXECUTOR_BEAN_NAME = "flaskSocketsExecutor";

	/**
	 * The name of the routes the runtime runs.
	 */
	public static final String ROUTES_BEAN_NAME = "flaskSocketsRoutes";

	/**
	 * The name of the runtime that runs the sockets.
	 */
	public static final String RUNTIME_BEAN_NAME = "flaskSocketsRuntime";

	/**
	 * The name of the servlet filter that checks each handshake before anything else sees it.
	 */
	public static final String HANDSHAKE_GUARD_BEAN_NAME = "flaskSocketsHandshakeGuard";

	/**
	 * The order of the handshake guard filter: after the character encoding filter, ahead of Spring Session's
	 * ({@code Integer.MIN_VALUE + 50}) and Spring Security's.
	 */
	private static final int HANDSHAKE_GUARD_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	/**
	 * The name of the servlet filter that closes a session's sockets when a request invalidates the session.
	 */
	private static final String INVALIDATION_FILTER_BEAN_NAME = "flaskSocketsInvalidationFilter";

	/**
	 * The order of the invalidation filter: behind Spring Session's ({@code Integer.MIN_VALUE + 50}), ahead of Spring
	 * Security's.
	 */
	private static final int INVALIDATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 60;

	/**
	 * Return the conversion service Spring MVC converts request parameters with, so that path variables and query
	 * parameters convert as they do in controllers.
	 */
	private static ConversionService conversionService(ObjectProvider<ConversionService> mvcConversionService) {
		return mvcConversionService.getIfAvailable(ApplicationConversionService::getSharedInstance);
	}

	/**
	 * Gives each socket's handler a virtual thread of its own, built with Spring Boot's task execution builder and
	 * the application's {@link TaskDecorator}s, so that context propagation, MDC and tracing reach handler threads.
	 * The settings and customizers of Spring Boot's own executor do not apply: a concurrency limit meant for
	 * {@code @Async} tasks must not limit sockets. Not a default candidate for injection, so that Spring Boot's
	 * {@code applicationTaskExecutor} and {@code @Async} stay as they are.
	 */
	@Bean(name = EXECUTOR_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
	SimpleAsyncTaskExecutor flaskSocketsExecutor(ObjectProvider<TaskDecorator> taskDecorators) {
		List<TaskDecorator> decorators = taskDecorators.orderedStream().toList();
		return new SimpleAsyncTaskExecutorBuilder().virtualThreads(true)
			.threadNamePrefix("socket-")
			.taskDecorator(switch (decorators.size()) {
				case 0 -> null;
				case 1 -> decorators.getFirst();
				default -> new CompositeTaskDecorator(decorators);
			})
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	SocketErrorHandler flaskSocketsErrorHandler() {
		return new LoggingErrorHandler();
	}

	/**
	 * Finds the routes, failing startup on a bad or duplicate one. Not a candidate for injection: it is not an API.
	 */
	@Bean(name = ROUTES_BEAN_NAME, defaultCandidate = false)
	SocketRoutes flaskSocketsRoutes(ConfigurableListableBeanFactory beanFactory, FlaskSocketsProperties properties,
			@Qualifier("mvcConversionService") ObjectProvider<ConversionService> mvcConversionService) {
		return SocketRoutes.collect(beanFactory, properties.pathPrefix(), conversionService(mvcConversionService));
	}

	/**
	 * The runtime that runs the sockets of every route. Not a candidate for injection: it is not an API. It asks
	 * for the routes only once the handshake's mappings are created, since route beans may depend on
	 * {@link Sockets}.
	 */
	@Bean(name = RUNTIME_BEAN_NAME, defaultCandidate = false)
	SocketRuntime flaskSocketsRuntime(@Qualifier(ROUTES_BEAN_NAME) ObjectProvider<SocketRoutes> routes,
			FlaskSocketsProperties properties,
			@Qualifier("mvcConversionService") ObjectProvider<ConversionService> mvcConversionService,
			ObjectProvider<JsonMapper> jsonMapper, @Qualifier(EXECUTOR_BEAN_NAME) Executor executor,
			SocketErrorHandler errorHandler, ApplicationEventPublisher events, SocketBroker broker,
			@Qualifier(FlaskSocketsMetricsAutoConfiguration.METRICS_BEAN_NAME) ObjectProvider<SocketMetrics> metrics,
			ObjectProvider<RedisRateLimitBuckets> sharedBuckets, ObjectProvider<ObservationRegistry> observationRegistry) {
		RedisRateLimitBuckets shared = sharedBuckets.getIfAvailable();
		UserBuckets users = (shared != null) ? UserBuckets.shared(shared::proxies) : UserBuckets.local();
		Conversions conversions = new Conversions(conversionService(mvcConversionService),
				jsonMapper.getIfAvailable(JsonMapper::new));
		return new SocketRuntime(() -> routes.getObject().asList(), settings(properties), executor, errorHandler,
				events, properties.shutdownTimeout(), broker, conversions,
				metrics.getIfAvailable(() -> SocketMetrics.NONE), capacity(properties),
				new ReplayWindow(properties.replay().perRoom(), properties.replay().perNode()), users,
				SocketObservations.of(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP)));
	}

	/**
	 * Return the node's capacity: the limits the application sets, and the others planned from the heap.
	 */
	static Capacity capacity(FlaskSocketsProperties properties) {
		return Capacity.plan(Container.current(), Runtime.getRuntime().maxMemory(), properties.heapShare(),
				properties.maxConnections(), properties.maxCompressedConnections(),
				properties.maxConnectionsPerAddress(), properties.inboxBudget(), properties.outboxBudget());
	}

	/**
	 * Closes every socket with 1001 on shutdown, before the web server stops; the runtime itself starts before the
	 * web server, so that handshakes are accepted as soon as it answers.
	 */
	@Bean
	SmartLifecycle flaskSocketsShutdown(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return runtime.shutdown();
	}

	/**
	 * Return the limits and keepalive every route lives by unless it sets its own.
	 */
	static SocketSettings settings(FlaskSocketsProperties properties) {
		return new SocketSettings((int) properties.maxTextMessageSize().toBytes(),
				(int) properties.maxBinaryMessageSize().toBytes(), properties.inboundQueueCapacity(),
				properties.inboundBufferLimit().toBytes(), properties.idleTimeout(),
				properties.pingInterval().isZero() ? null : properties.pingInterval(), properties.pongTimeout(),
				properties.sendTimeLimit(), properties.sendBufferLimit().toBytes(), properties.sessionCheckInterval(),
				properties.peerCloseGrace(), List.of(), (int) properties.messageBuffer().initialSize().toBytes(),
				(int) properties.messageBuffer().maxSize().toBytes(), properties.closeTimeout(),
				properties.maxMessageParts(), rateLimits(properties.rateLimit()));
	}

	private static RateLimits rateLimits(FlaskSocketsProperties.RateLimit limit) {
		return new RateLimits(new Allowance(limit.messagesPerSecond(), limit.messageBurst()),
				new Allowance(bytes(limit.bytesPerSecond()), bytes(limit.byteBurst())),
				new Allowance(limit.userMessagesPerSecond(), limit.userMessageBurst()),
				new Allowance(bytes(limit.userBytesPerSecond()), bytes(limit.userByteBurst())), limit.policy());
	}

	private static long bytes(@Nullable DataSize size) {
		return (size != null) ? size.toBytes() : 0;
	}

	@Bean
	@ConditionalOnMissingBean
	Sockets flaskSockets(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return runtime.sockets();
	}

	/**
	 * Keeps room, user and broadcast messages in this JVM, unless the Redis broker or the application's own
	 * takes its place.
	 * @throws IllegalStateException if {@code flask-sockets.broker=redis} but Redis is not set up
	 */
	@Bean
	@ConditionalOnMissingBean
	SocketBroker flaskSocketsBroker(FlaskSocketsProperties properties) {
		if (properties.broker() == FlaskSocketsProperties.Broker.REDIS) {
			throw new IllegalStateException("flask-sockets.broker=redis needs Spring Data Redis with Lettuce on the "
					+ "classpath (spring-boot-starter-data-redis) and a RedisConnectionFactory (spring.data.redis.*)");
		}
		return new InMemorySocketBroker();
	}

	/**
	 * Closes a session's sockets as soon as the container reports the session destroyed; each socket's own check
	 * catches what the container reports late or not at all. The server is looked up when a session ends, so that
	 * registering the listener with the container creates nothing else.
	 */
	@Bean
	HttpSessionListener flaskSocketsSessionListener(@Qualifier(RUNTIME_BEAN_NAME) ObjectProvider<SocketRuntime> runtime) {
		return new HttpSessionListener() {

			@Override
			public void sessionDestroyed(HttpSessionEvent event) {
				HttpSession session = event.getSession();
				long timeout = Duration.ofSeconds(session.getMaxInactiveInterval()).toMillis();
				boolean expired = session.getAttribute(LiveSessions.EXPIRED_ATTRIBUTE) != null
						|| (timeout > 0 && System.currentTimeMillis() - session.getLastAccessedTime() >= timeout);
				runtime.getObject()
					.sessionEnded(session.getId(), expired ? SessionEnd.EXPIRED : SessionEnd.INVALIDATED);
			}

		};
	}

	@Bean
	WebSocketHandlerMapping flaskSocketsHandshakeMapping(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime,
			LiveSessions sessions, FlaskSocketsProperties properties) {
		return SocketHandlerMappings.handshakes(runtime, sessions, properties.allowedOrigins(),
				properties.allowedOriginPatterns(), properties.compression());
	}

	/**
	 * Checks each handshake (shutdown, URL, origin) ahead of every other filter, Spring Session's and Spring
	 * Security's included, so that a refused handshake never touches an HTTP session.
	 */
	@Bean(HANDSHAKE_GUARD_BEAN_NAME)
	Filter flaskSocketsHandshakeGuard(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime,
			FlaskSocketsProperties properties) {
		return SocketHandlerMappings.handshakeGuard(runtime, properties.allowedOrigins(),
				properties.allowedOriginPatterns());
	}

	/**
	 * Registers the handshake guard with the servlet container through a proxy that looks the filter up when the
	 * first request arrives, as Spring Security's filter chain is registered: the container starts before the
	 * routes and settings are created, so that a mistake in them fails startup with its own clear analysis.
	 */
	@Bean
	DelegatingFilterProxyRegistrationBean flaskSocketsHandshakeGuardRegistration() {
		DelegatingFilterProxyRegistrationBean registration = new DelegatingFilterProxyRegistrationBean(
				HANDSHAKE_GUARD_BEAN_NAME);
		registration.setOrder(HANDSHAKE_GUARD_ORDER);
		return registration;
	}

	/**
	 * Closes a session's sockets the moment a request invalidates the session, as a logout does, also with a session
	 * store that publishes no events.
	 */
	@Bean(INVALIDATION_FILTER_BEAN_NAME)
	Filter flaskSocketsInvalidationFilter(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return new InvalidationFilter(runtime);
	}

	/**
	 * Registers the invalidation filter behind Spring Session's filter, whose sessions it sees, and ahead of Spring
	 * Security's, which logs out; looked up when the first request arrives, as the guard is.
	 */
	@Bean
	DelegatingFilterProxyRegistrationBean flaskSocketsInvalidationFilterRegistration() {
		DelegatingFilterProxyRegistrationBean registration = new DelegatingFilterProxyRegistrationBean(
				INVALIDATION_FILTER_BEAN_NAME);
		registration.setOrder(INVALIDATION_FILTER_ORDER);
		return registration;
	}

	@Bean
	SimpleUrlHandlerMapping flaskSocketsUpgradeRequiredMapping(@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return SocketHandlerMappings.upgradeRequired(runtime);
	}

	/**
	 * Tomcat's WebSocket sessions start with the starter's small message buffers (see
	 * {@code flask-sockets.message-buffer.initial-size}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsServerContainer")
	static class TomcatBuffersConfiguration {

		@Bean(defaultCandidate = false)
		TomcatBuffers flaskSocketsContainerBuffers(WebApplicationContext context, FlaskSocketsProperties properties) {
			return new TomcatBuffers(context, (int) properties.messageBuffer().initialSize().toBytes());
		}

	}

	/**
	 * Jetty's listening sockets queue {@code flask-sockets.accept-queue-size} connections.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.eclipse.jetty.server.ServerConnector",
			"org.springframework.boot.jetty.ConfigurableJettyWebServerFactory" })
	static class JettyAcceptQueueConfiguration {

		@Bean(defaultCandidate = false)
		JettyAcceptQueue flaskSocketsJettyAcceptQueue(FlaskSocketsProperties properties) {
			return new JettyAcceptQueue(properties.acceptQueueSize());
		}

	}

	/**
	 * Reads and writes HTTP sessions through Spring Session when the application has a repository.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	@ConditionalOnBean(SessionRepository.class)
	static class SpringSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LiveSessions flaskSocketsSpringSessions(SessionRepository<? extends Session> repository) {
			return new SpringSessionLiveSessions(repository);
		}

		/**
		 * Closes a session's sockets as soon as Spring Session reports the session deleted or expired, where its
		 * store publishes such events (Redis does).
		 */
		@Bean
		ApplicationListener<SessionDestroyedEvent> flaskSocketsSessionDestroyedListener(
				@Qualifier(RUNTIME_BEAN_NAME) SocketRuntime runtime) {
			return (event) -> runtime.sessionEnded(event.getSessionId(),
					(event instanceof SessionExpiredEvent) ? SessionEnd.EXPIRED : SessionEnd.INVALIDATED);
		}

	}

	/**
	 * Reads and writes HTTP sessions through the servlet container otherwise.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(type = "org.springframework.session.SessionRepository")
	static class ServletSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LiveSessions flaskSocketsServletSessions() {
			return LiveSessions.servlet();
		}

	}

	/**
	 * Keeps route discovery eager under lazy initialization, so that a bad route still fails startup.
	 */
	@Bean
	static LazyInitializationExcludeFilter flaskSocketsEagerInitialization() {
		return LazyInitializationExcludeFilter.forBeanTypes(SocketRoutes.class, SocketRuntime.class);
	}

}
