package io.flasksockets.internal.routing;

import java.security.Principal;
import java.util.Optional;

import io.flasksockets.HttpSessionView;
import io.flasksockets.Socket;
import io.flasksockets.SocketRoute;
import io.flasksockets.UserFromQueryFilter;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Route methods that take what a {@code @GetMapping} method takes, a type only the application's conversion service
 * converts to, and routes on beans behind a JDK proxy and a class proxy whose advice must run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class RouteMethodTestApplication {

	/**
	 * What the advice of proxied routes adds to their answer, while they run.
	 */
	static final ThreadLocal<String> ADVICE = new ThreadLocal<>();

	@Bean
	ParameterRoutes parameterRoutes() {
		return new ParameterRoutes();
	}

	@Bean
	Greeter jdkProxied() {
		return new JdkProxiedGreeter();
	}

	@Bean
	ClassProxiedGreeter classProxied() {
		return new ClassProxiedGreeter();
	}

	/**
	 * Wraps the greeters in proxies whose advice says which kind of proxy ran, as {@code @Transactional} or
	 * {@code @PreAuthorize} would wrap them.
	 */
	@Bean
	static BeanPostProcessor greeterProxies() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof Greeter) && !(bean instanceof ClassProxiedGreeter)) {
					return bean;
				}
				ProxyFactory factory = new ProxyFactory(bean);
				factory.setProxyTargetClass(bean instanceof ClassProxiedGreeter);
				String kind = factory.isProxyTargetClass() ? "class proxy" : "JDK proxy";
				factory.addAdvice((MethodInterceptor) (invocation) -> {
					ADVICE.set(kind);
					try {
						return invocation.proceed();
					}
					finally {
						ADVICE.remove();
					}
				});
				return factory.getProxy();
			}

		};
	}

	/**
	 * Converts {@code AB-12} to a {@link Code}, in Spring MVC's conversion service only.
	 */
	@Bean
	WebMvcConfigurer codeConverter() {
		return new WebMvcConfigurer() {

			@Override
			public void addFormatters(FormatterRegistry registry) {
				registry.addConverter(String.class, Code.class, (Converter<String, Code>) (text) -> {
					String[] parts = text.split("-");
					return new Code(parts[0], Integer.parseInt(parts[1]));
				});
			}

		};
	}

	/**
	 * Authenticates {@code ?user=<name>} as that user.
	 */
	@Bean
	UserFromQueryFilter userFromQuery() {
		return new UserFromQueryFilter();
	}

	/**
	 * A value Spring's default conversion service cannot make from text.
	 */
	record Code(String prefix, int number) {
	}

	static class ParameterRoutes {

		/**
		 * Answers with what it was given.
		 */
		@SocketRoute("/users/<id>")
		void user(Socket ws, @PathVariable("id") long userId, @RequestParam String name,
				@RequestParam(defaultValue = "1") int count, @RequestParam Optional<String> tag,
				@Nullable Principal principal, HttpSessionView session) {
			ws.send(userId + 1 + " " + name + " " + count + " " + tag.orElse("-") + " "
					+ ((principal != null) ? principal.getName() : "anonymous") + " " + session.exists());
		}

		@SocketRoute("/codes/<code>")
		void code(Socket ws, Code code) {
			ws.send(code.prefix() + " " + (code.number() + 1));
		}

	}

	/**
	 * A route method declared on an interface, so that a JDK proxy can call it.
	 */
	interface Greeter {

		@SocketRoute("/greet/jdk")
		void greet(Socket ws);

	}

	static class JdkProxiedGreeter implements Greeter {

		@Override
		public void greet(Socket ws) {
			ws.send("advised by " + ADVICE.get());
		}

	}

	static class ClassProxiedGreeter {

		@SocketRoute("/greet/class")
		public void greet(Socket ws) {
			ws.send("advised by " + ADVICE.get());
		}

	}

}
