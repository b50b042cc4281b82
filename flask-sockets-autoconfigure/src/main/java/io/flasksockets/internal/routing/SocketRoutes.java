package io.flasksockets.internal.routing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.flasksockets.SocketBlueprint;
import io.flasksockets.SocketConfigurer;
import io.flasksockets.RateLimit;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketRouteRegistry;
import io.flasksockets.SocketRoute;
import io.flasksockets.internal.routing.InvalidSocketRouteException.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.SpringProxy;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;

/**
 * Every route of an application: {@link SocketRoute} classes and methods, and what {@link SocketConfigurer} beans
 * register. Each path is checked and put under the global path prefix, and two routes that match the same requests
 * are refused.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class SocketRoutes {

	private static final Logger logger = LoggerFactory.getLogger(SocketRoutes.class);

	private final List<Route> routes;

	private SocketRoutes(List<Route> routes) {
		this.routes = routes;
	}

	/**
	 * Collect the routes of an application, and log them in one line.
	 * @param beanFactory the factory holding the application's beans
	 * @param pathPrefix the prefix for every route, such as {@code /sockets}, or an empty string
	 * @param conversionService converts path variables and query parameters for route methods
	 * @return the routes
	 * @throws IllegalStateException naming the bean, method or blueprint and the path of a route that cannot be
	 * served
	 */
	public static SocketRoutes collect(ConfigurableListableBeanFactory beanFactory, String pathPrefix,
			ConversionService conversionService) {
		List<Route> routes = new Collector(beanFactory, pathPrefix, conversionService).collect();
		if (logger.isInfoEnabled()) {
			logger.info("Socket routes: {}", routes.isEmpty() ? "none"
					: routes.stream().map((route) -> route.pattern() + " (" + route.source() + ")")
						.collect(Collectors.joining(", ")));
		}
		return new SocketRoutes(routes);
	}

	/**
	 * Return the routes, in the order they were found.
	 * @return the routes
	 */
	public List<Route> asList() {
		return this.routes;
	}

	/**
	 * One pass over the application's beans.
	 */
	private static final class Collector {

		private final ConfigurableListableBeanFactory beanFactory;

		private final String pathPrefix;

		private final ConversionService conversionService;

		private final List<Route> routes = new ArrayList<>();

		Collector(ConfigurableListableBeanFactory beanFactory, String pathPrefix, ConversionService conversionService) {
			this.beanFactory = beanFactory;
			this.pathPrefix = pathPrefix;
			this.conversionService = conversionService;
		}

		List<Route> collect() {
			for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, true, false)) {
				Class<?> type = ScopedProxyUtils.isScopedTarget(beanName) ? null : targetClass(beanName);
				if (type != null && AnnotationUtils.isCandidateClass(type, SocketRoute.class)) {
					collectAnnotated(beanName, type);
				}
			}
			this.beanFactory.getBeansOfType(SocketConfigurer.class)
				.forEach((beanName, configurer) -> configurer.registerRoutes(new Registry("bean '" + beanName + "'")));
			return List.copyOf(this.routes);
		}

		/**
		 * Return the class a bean's routes are declared on: the bean's own class, behind any proxy (a JDK proxy's
		 * class has no annotations). Creates no bean: a proxy whose target class is not recorded is looked into
		 * only if it exists already.
		 */
		private @Nullable Class<?> targetClass(String beanName) {
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null) {
				type = this.beanFactory.getType(beanName, false);
			}
			if (type != null && (Proxy.isProxyClass(type) || SpringProxy.class.isAssignableFrom(type))
					&& this.beanFactory.containsSingleton(beanName)) {
				type = AopProxyUtils.ultimateTargetClass(this.beanFactory.getBean(beanName));
			}
			return (type != null) ? ClassUtils.getUserClass(type) : null;
		}

		private void collectAnnotated(String beanName, Class<?> type) {
			SocketRoute classRoute = AnnotatedElementUtils.findMergedAnnotation(type, SocketRoute.class);
			if (classRoute != null) {
				String source = "bean '" + beanName + "' (" + type.getName() + ")";
				if (!SocketHandler.class.isAssignableFrom(type)) {
					throw new InvalidSocketRouteException(Kind.DECLARATION, "Socket route '" + classRoute.path()
							+ "' on " + source + " is invalid: a @SocketRoute class must implement SocketHandler");
				}
				add(parse(classRoute.path(), source), this.beanFactory.getBean(beanName, SocketHandler.class), source,
						options(classRoute, AnnotatedElementUtils.findMergedAnnotation(type, RateLimit.class), source));
			}
			Map<Method, SocketRoute> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<SocketRoute>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, SocketRoute.class));
			methods.forEach((method, route) -> {
				String source = "method " + type.getSimpleName() + "." + method.getName() + " of bean '" + beanName
						+ "'";
				RoutePattern pattern = parse(route.path(), source);
				add(pattern, new MethodSocketHandler(this.beanFactory.getBean(beanName), method, pattern,
						source + " for '" + route.path() + "'", this.conversionService), source,
						options(route, rateLimit(method, type), source));
			});
		}

		private void add(RoutePattern pattern, SocketHandler handler, String source, RouteOptions options) {
			for (Route existing : this.routes) {
				if (existing.pattern().matchesSameAs(pattern)) {
					throw new InvalidSocketRouteException(Kind.DUPLICATE, "Socket route '" + pattern + "' of " + source
							+ " duplicates route '" + existing.pattern() + "' of " + existing.source());
				}
			}
			this.routes.add(new Route(pattern, handler, source, options));
		}

		private RoutePattern parse(String path, String source) {
			try {
				return RoutePattern.parse(this.pathPrefix + path);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSocketRouteException(Kind.SYNTAX, ex.getMessage() + " (declared by " + source + ")");
			}
		}

		private static @Nullable RateLimit rateLimit(Method method, Class<?> type) {
			RateLimit own = AnnotatedElementUtils.findMergedAnnotation(method, RateLimit.class);
			return (own != null) ? own : AnnotatedElementUtils.findMergedAnnotation(type, RateLimit.class);
		}

		private RouteOptions options(SocketRoute route, @Nullable RateLimit rateLimit, String source) {
			try {
				return RouteOptions.of(route, rateLimit);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSocketRouteException(Kind.DECLARATION,
						"Socket route '" + route.path() + "' of " + source + " is invalid: " + ex.getMessage());
			}
		}

		/**
		 * The registry handed to one {@link SocketConfigurer}.
		 */
		private final class Registry implements SocketRouteRegistry {

			private final String source;

			Registry(String source) {
				this.source = source;
			}

			@Override
			public SocketRouteRegistry route(String path, SocketHandler handler) {
				add(parse(path, this.source), handler, this.source, RouteOptions.NONE);
				return this;
			}

			@Override
			public SocketRouteRegistry registerBlueprint(SocketBlueprint blueprint, String urlPrefix) {
				String source = "blueprint '" + blueprint.name() + "' registered by " + this.source;
				blueprint.routes()
					.forEach((path, handler) -> add(parse(urlPrefix + path, source), handler, source, RouteOptions.NONE));
				return this;
			}

		}

}

}
