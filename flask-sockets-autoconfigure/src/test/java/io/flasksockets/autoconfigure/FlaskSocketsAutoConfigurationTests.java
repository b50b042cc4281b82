package io.flasksockets.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.flasksockets.RateLimit;
import io.flasksockets.Socket;
import io.flasksockets.SocketBlueprint;
import io.flasksockets.SocketConfigurer;
import io.flasksockets.SocketErrorHandler;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketRoute;
import io.flasksockets.Sockets;
import io.flasksockets.broker.SocketBroker;
import io.flasksockets.internal.routing.Route;
import io.flasksockets.internal.routing.SocketRoutes;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.server.WsServerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.ConfigurableWebApplicationContext;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link FlaskSocketsAutoConfiguration}.
 */
class FlaskSocketsAutoConfigurationTests {

	private static final ThreadLocal<Boolean> DECORATED = new ThreadLocal<>();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FlaskSocketsAutoConfiguration.class));

	@Test
	void shouldMapAnnotatedClassesMethodsAndBlueprints() {
		this.contextRunner.withUserConfiguration(RoutesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebSocketHandlerMapping.class);
			assertThat(context.getBean(SocketRoutes.class).asList()).extracting(Route::toString)
				.containsExactlyInAnyOrder("/echo (bean 'echo' (" + Echo.class.getName() + "))",
						"/items/<int:id> (method RoutesConfiguration.item of bean "
								+ "'flaskSocketsAutoConfigurationTests.RoutesConfiguration')",
						"/ws/echo (blueprint 'ws' registered by bean 'wsBlueprint')");
		});
	}

	@Test
	void shouldPutTheGlobalPathPrefixBeforeEveryRoute() {
		this.contextRunner.withUserConfiguration(RoutesConfiguration.class)
			.withPropertyValues("flask-sockets.path-prefix=/sockets")
			.run((context) -> assertThat(context.getBean(SocketRoutes.class).asList())
				.extracting((route) -> route.pattern().path())
				.containsExactlyInAnyOrder("/sockets/echo", "/sockets/items/<int:id>", "/sockets/ws/echo"));
	}

	@Test
	void shouldBindDefaultsThatMatchTheDocumentation() {
		this.contextRunner.run((context) -> {
			FlaskSocketsProperties properties = context.getBean(FlaskSocketsProperties.class);
			assertThat(properties.pathPrefix()).isEmpty();
			assertThat(properties.allowedOrigins()).isEmpty();
			assertThat(properties.allowedOriginPatterns()).isEmpty();
			assertThat(properties.maxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.maxBinaryMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.inboundQueueCapacity()).isEqualTo(32);
			assertThat(properties.idleTimeout()).isNull();
			assertThat(properties.pingInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(properties.pongTimeout()).isEqualTo(Duration.ofSeconds(25));
			assertThat(properties.sendTimeLimit()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.sendBufferLimit()).isEqualTo(DataSize.ofKilobytes(512));
			assertThat(properties.sessionCheckInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.inboundBufferLimit()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.peerCloseGrace()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.compression()).isTrue();
			assertThat(properties.messageBuffer().initialSize()).isEqualTo(DataSize.ofKilobytes(1));
			assertThat(properties.messageBuffer().maxSize()).isEqualTo(DataSize.ofKilobytes(8));
		});
	}

	@Test
	void shouldBindEveryProperty() {
		this.contextRunner
			.withPropertyValues("flask-sockets.path-prefix=/ws", "flask-sockets.allowed-origins=https://a.example",
					"flask-sockets.allowed-origin-patterns=https://*.example", "flask-sockets.max-text-message-size=1KB",
					"flask-sockets.max-binary-message-size=2MB", "flask-sockets.inbound-queue-capacity=4",
					"flask-sockets.inbound-buffer-limit=3MB", "flask-sockets.idle-timeout=30s",
					"flask-sockets.ping-interval=5s", "flask-sockets.pong-timeout=6s",
					"flask-sockets.send-time-limit=7s", "flask-sockets.send-buffer-limit=8KB",
					"flask-sockets.session-check-interval=3s", "flask-sockets.shutdown-timeout=9s",
					"flask-sockets.peer-close-grace=2s", "flask-sockets.max-connections=100",
					"flask-sockets.broker=memory", "flask-sockets.redis.key-prefix=chat",
					"flask-sockets.redis.stream-length=500", "flask-sockets.redis.presence-interval=1s",
					"flask-sockets.compression=false", "flask-sockets.message-buffer.initial-size=512B",
					"flask-sockets.message-buffer.max-size=16KB", "flask-sockets.max-compressed-connections=50",
					"flask-sockets.max-connections-per-address=10", "flask-sockets.heap-share=0.25",
					"flask-sockets.inbox-budget=64MB", "flask-sockets.outbox-budget=32MB",
					"flask-sockets.close-timeout=3s",
					"flask-sockets.max-message-parts=100", "flask-sockets.replay.per-room=50",
					"flask-sockets.replay.per-node=500", "flask-sockets.rate-limit.messages-per-second=100",
					"flask-sockets.rate-limit.message-burst=20", "flask-sockets.rate-limit.bytes-per-second=1MB",
					"flask-sockets.rate-limit.byte-burst=2MB", "flask-sockets.rate-limit.user-messages-per-second=300",
					"flask-sockets.rate-limit.user-message-burst=60", "flask-sockets.rate-limit.user-bytes-per-second=3MB",
					"flask-sockets.rate-limit.user-byte-burst=4MB", "flask-sockets.rate-limit.policy=close",
					"flask-sockets.accept-queue-size=2048")
			.run((context) -> assertThat(context.getBean(FlaskSocketsProperties.class))
				.isEqualTo(new FlaskSocketsProperties("/ws", List.of("https://a.example"),
						List.of("https://*.example"), DataSize.ofKilobytes(1), DataSize.ofMegabytes(2), 4,
						DataSize.ofMegabytes(3), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(6),
						Duration.ofSeconds(7), DataSize.ofKilobytes(8), Duration.ofSeconds(3), Duration.ofSeconds(9),
						Duration.ofSeconds(2), 100, 50, 10, 0.25, DataSize.ofMegabytes(64),
						DataSize.ofMegabytes(32),
						FlaskSocketsProperties.Broker.MEMORY,
						new FlaskSocketsProperties.Redis("chat", 500, Duration.ofSeconds(1), 10000, Duration.ofSeconds(30)), false,
						new FlaskSocketsProperties.MessageBuffer(DataSize.ofBytes(512), DataSize.ofKilobytes(16)),
						Duration.ofSeconds(3), 100, new FlaskSocketsProperties.Replay(50, 500),
						new FlaskSocketsProperties.RateLimit(100, 20, DataSize.ofMegabytes(1), DataSize.ofMegabytes(2), 300,
								60, DataSize.ofMegabytes(3), DataSize.ofMegabytes(4), RateLimit.Policy.CLOSE),
						2048)));
	}

	@Test
	void shouldRunHandlersOnVirtualThreads() {
		this.contextRunner.run((context) -> {
			Executor executor = context.getBean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class);
			CompletableFuture<Boolean> virtual = new CompletableFuture<>();
			executor.execute(() -> virtual.complete(Thread.currentThread().isVirtual()));
			assertThat(virtual.get(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void shouldLeaveSpringBootsTaskExecutorAndApplyTheApplicationsTaskDecoratorButNotItsLimits() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withPropertyValues("spring.task.execution.simple.concurrency-limit=1")
			.withBean(SimpleAsyncTaskExecutorCustomizer.class, () -> (executor) -> executor.setConcurrencyLimit(2))
			.withBean(TaskDecorator.class, () -> (task) -> () -> {
				DECORATED.set(true);
				try {
					task.run();
				}
				finally {
					DECORATED.remove();
				}
			})
			.run((context) -> {
				assertThat(context).hasBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);
				SimpleAsyncTaskExecutor executor = context.getBean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME,
						SimpleAsyncTaskExecutor.class);
				CompletableFuture<Boolean> decorated = new CompletableFuture<>();
				executor.execute(() -> decorated.complete(DECORATED.get() != null));
				assertThat(decorated.get(10, TimeUnit.SECONDS)).isTrue();
				assertThat(executor.isThrottleActive()).isFalse();
			});
	}

	@Test
	void shouldBackOffFromAUserDefinedExecutor() {
		this.contextRunner.withUserConfiguration(CustomExecutorConfiguration.class)
			.run((context) -> assertThat(context.getBean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME))
				.isSameAs(CustomExecutorConfiguration.EXECUTOR));
	}

	@Test
	void shouldBackOffFromTheApplicationsSocketsErrorHandlerAndBroker() {
		Sockets sockets = mock(Sockets.class);
		SocketErrorHandler errorHandler = (socket, route, error) -> CloseStatus.SERVER_ERROR;
		SocketBroker broker = mock(SocketBroker.class);
		this.contextRunner.withBean(Sockets.class, () -> sockets)
			.withBean(SocketErrorHandler.class, () -> errorHandler)
			.withBean(SocketBroker.class, () -> broker)
			.run((context) -> {
				assertThat(context).getBean(Sockets.class).isSameAs(sockets);
				assertThat(context).getBean(SocketErrorHandler.class).isSameAs(errorHandler);
				assertThat(context).getBean(SocketBroker.class).isSameAs(broker);
			});
	}

	@Test
	void whenTheApplicationHasTwoErrorHandlersThenStartupFailsNamingBoth() {
		this.contextRunner.withBean("firstHandler", SocketErrorHandler.class, () -> (socket, route, error) -> null)
			.withBean("secondHandler", SocketErrorHandler.class, () -> (socket, route, error) -> null)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(NoUniqueBeanDefinitionException.class)
				.hasMessageContaining("firstHandler")
				.hasMessageContaining("secondHandler"));
	}

	@Test
	void shouldNameEveryBeanWithThePrefix() {
		this.contextRunner.withUserConfiguration(RoutesConfiguration.class).run((context) -> {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			List<String> ours = Arrays.stream(beanFactory.getBeanDefinitionNames()).filter((name) -> {
				String factoryBean = beanFactory.getBeanDefinition(name).getFactoryBeanName();
				return factoryBean != null && factoryBean.startsWith(FlaskSocketsAutoConfiguration.class.getName());
			}).toList();
			assertThat(ours).hasSizeGreaterThan(10).allMatch((name) -> name.startsWith("flaskSockets"));
		});
	}

	@Test
	void shouldGiveTomcatsNewSessionsSmallMessageBuffers() {
		WsServerContainer container = mock(WsServerContainer.class);
		this.contextRunner.withInitializer(serverContainer(container)).run((context) -> {
			then(container).should().setDefaultMaxTextMessageBufferSize(1024);
			then(container).should().setDefaultMaxBinaryMessageBufferSize(1024);
		});
	}

	@Test
	void shouldLeaveAnotherContainersDefaultsAlone() {
		ServerContainer container = mock(ServerContainer.class);
		this.contextRunner.withInitializer(serverContainer(container))
			.run((context) -> then(container).shouldHaveNoInteractions());
	}

	@Test
	void shouldLeaveTomcatsBuffersWhenTheApplicationServesEndpointsOfItsOwn() {
		WsServerContainer container = mock(WsServerContainer.class);
		this.contextRunner.withInitializer(serverContainer(container))
			.withBean(WebSocketConfigurer.class, () -> (registry) -> {
			})
			.run((context) -> then(container).shouldHaveNoInteractions());
		this.contextRunner.withInitializer(serverContainer(container))
			.withBean("graphQlWebSocketHandler", WebSocketHandler.class, () -> new TextWebSocketHandler())
			.run((context) -> then(container).shouldHaveNoInteractions());
	}

	@Test
	void shouldLeaveTomcatsBuffersWhenTheApplicationConfiguresTheContainer() {
		WsServerContainer container = mock(WsServerContainer.class);
		this.contextRunner.withInitializer(serverContainer(container))
			.withBean(ServletServerContainerFactoryBean.class, () -> {
				ServletServerContainerFactoryBean factory = new ServletServerContainerFactoryBean();
				factory.setMaxTextMessageBufferSize(65536);
				return factory;
			})
			.run((context) -> then(container).should(never()).setDefaultMaxTextMessageBufferSize(1024));
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> serverContainer(
			ServerContainer container) {
		return (context) -> ((ConfigurableWebApplicationContext) context).getServletContext()
			.setAttribute(ServerContainer.class.getName(), container);
	}

	@Test
	void shouldNotCreateBeansOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FlaskSocketsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketRoutes.class));
	}

	@Test
	void whenSpringWebSocketIsMissingThenAutoConfigurationBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketRoutes.class));
	}

	@Test
	void whenAPropertyIsUnknownThenStartupFails() {
		this.contextRunner.withPropertyValues("flask-sockets.max-text-mesage-size=1KB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("flask-sockets.max-text-mesage-size"));
	}

	@Test
	void whenAPropertyIsInvalidThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("flask-sockets.inbound-queue-capacity=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("flask-sockets.inbound-queue-capacity must be at least 1"));
		this.contextRunner.withPropertyValues("flask-sockets.path-prefix=ws/")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("flask-sockets.path-prefix must be empty or start with '/'"));
		this.contextRunner.withPropertyValues("flask-sockets.max-binary-message-size=0B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("flask-sockets.max-binary-message-size must be between 1B and 2GB"));
		this.contextRunner.withPropertyValues("flask-sockets.message-buffer.initial-size=16KB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("flask-sockets.message-buffer.initial-size (16384B) and max-size (8192B) must be"));
	}

	@Test
	void whenARoutePathIsInvalidThenStartupFailsNamingTheBeanAndThePath() {
		this.contextRunner.withBean("brokenRoute", BrokenPath.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Invalid route path '/broken/<int:id': unclosed '<' at position 8 (declared by bean "
						+ "'brokenRoute' (" + BrokenPath.class.getName() + "))"));
	}

	@Test
	void whenARouteRateLimitIsInvalidThenStartupFailsNamingTheBeanAndThePath() {
		this.contextRunner.withBean("unparsable", UnparsableRateLimit.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Socket route '/unparsable' of bean 'unparsable'")
				.hasMessageContaining("bytesPerSecond = \"fast\" is not a positive size"));
		this.contextRunner.withBean("neverAdmits", NeverAdmits.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Socket route '/never' of bean 'neverAdmits' (" + NeverAdmits.class.getName()
						+ ") is invalid: a byte burst of 1024B is smaller than the largest message accepted, 65536B, "
						+ "which would always close its socket"));
	}

	@Test
	void whenTwoRoutesMatchTheSameRequestsThenStartupFailsNamingBoth() {
		this.contextRunner.withUserConfiguration(RoutesConfiguration.class)
			.withBean("secondEcho", SecondEcho.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Socket route '/echo' of bean ")
				.hasMessageContaining("duplicates route '/echo' of bean "));
	}

	@Test
	void whenARouteMethodHasAnUnusableParameterThenStartupFailsNamingTheMethodAndThePath() {
		this.contextRunner.withBean("badMethod", BadMethod.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Socket route method BadMethod.route of bean 'badMethod' for '/things/<id>' has "
						+ "parameter 2 (String name) that is none of what a route supplies: the path variables are "
						+ "[id]"));
	}

	@Test
	void whenASocketRouteClassIsNotAHandlerThenStartupFails() {
		this.contextRunner.withBean("notAHandler", NotAHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("a @SocketRoute class must implement SocketHandler"));
	}

	@Test
	void shouldStartWithLazyInitialization() {
		this.contextRunner.withUserConfiguration(RoutesConfiguration.class)
			.withPropertyValues("spring.main.lazy-initialization=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenLazyInitializationIsOnABadRouteStillFailsStartup() {
		this.contextRunner.withBean("brokenRoute", BrokenPath.class)
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context).hasFailed());
	}

	@SocketRoute("/echo")
	static class Echo implements SocketHandler {

		@Override
		public void handle(Socket socket) {
		}

	}

	@SocketRoute("/echo")
	static class SecondEcho extends Echo {

	}

	@SocketRoute("/broken/<int:id")
	static class BrokenPath extends Echo {

	}

	@SocketRoute("/unparsable")
	@RateLimit(bytesPerSecond = "fast")
	static class UnparsableRateLimit extends Echo {

	}

	@SocketRoute("/never")
	@RateLimit(bytesPerSecond = "1KB", policy = RateLimit.Policy.CLOSE)
	static class NeverAdmits extends Echo {

	}

	@SocketRoute("/not-a-handler")
	static class NotAHandler {

	}

	static class BadMethod {

		@SocketRoute("/things/<id>")
		void route(Socket socket, String name) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoutesConfiguration {

		@Bean
		Echo echo() {
			return new Echo();
		}

		@Bean
		SocketConfigurer wsBlueprint(Echo echo) {
			return (routes) -> routes.registerBlueprint(new SocketBlueprint("ws").route("/echo", echo), "/ws");
		}

		@SocketRoute("/items/<int:id>")
		void item(Socket socket, int id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomExecutorConfiguration {

		static final Executor EXECUTOR = Runnable::run;

		@Bean(FlaskSocketsAutoConfiguration.EXECUTOR_BEAN_NAME)
		Executor flaskSocketsExecutor() {
			return EXECUTOR;
		}

	}

}
