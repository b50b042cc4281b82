package io.flasksockets.internal.routing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flasksockets.SocketBlueprint;
import io.flasksockets.SocketConfigurer;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketRouteRegistry;
import io.flasksockets.SocketRoute;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
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

	private final List<Route> routes;

	private SocketRoutes(List<Route> routes) {
		this.routes = routes;
	}

	/**
	 * Collect the routes of an application.
	 * @param beanFactory the factory holding the application's beans
	 * @param pathPrefix the prefix for every route, such as {@code /sockets}, or an empty string
	 * @return the routes
	 * @throws IllegalStateException naming the bean, method or blueprint and the path of a route that cannot be
	 * served
	 */
	public static SocketRoutes collect(ListableBeanFactory beanFactory, String pathPrefix) {
		return new SocketRoutes(new Collector(beanFactory, pathPrefix).collect());
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

		private final ListableBeanFactory beanFactory;

		private final String pathPrefix;

		private final List<Route> routes = new ArrayList<>();

		Collector(ListableBeanFactory beanFactory, String pathPrefix) {
			this.beanFactory = beanFactory;
			this.pathPrefix = pathPrefix;
		}

		List<Route> collect() {
			for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, true, false)) {
				Class<?> type = ScopedProxyUtils.isScopedTarget(beanName) ? null : this.beanFactory.getType(beanName, false);
				if (type != null && AnnotationUtils.isCandidateClass(type, SocketRoute.class)) {
					collectAnnotated(beanName, ClassUtils.getUserClass(type));
				}
			}
			this.beanFactory.getBeansOfType(SocketConfigurer.class)
				.forEach((beanName, configurer) -> configurer.registerRoutes(new Registry("bean '" + beanName + "'")));
			return List.copyOf(this.routes);
		}

		private void collectAnnotated(String beanName, Class<?> type) {
			SocketRoute classRoute = AnnotatedElementUtils.findMergedAnnotation(type, SocketRoute.class);
			if (classRoute != null) {
				String source = "bean '" + beanName + "' (" + type.getName() + ")";
				if (!SocketHandler.class.isAssignableFrom(type)) {
					throw new InvalidSocketRouteException("Socket route '" + classRoute.path() + "' on " + source
							+ " is invalid: a @SocketRoute class must implement SocketHandler");
				}
				add(parse(classRoute.path(), source), this.beanFactory.getBean(beanName, SocketHandler.class), source,
						options(classRoute, source));
			}
			Map<Method, SocketRoute> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<SocketRoute>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, SocketRoute.class));
			methods.forEach((method, route) -> {
				String source = "method " + type.getSimpleName() + "." + method.getName() + " of bean '" + beanName
						+ "'";
				RoutePattern pattern = parse(route.path(), source);
				add(pattern, new MethodSocketHandler(this.beanFactory.getBean(beanName), method, pattern,
						source + " for '" + route.path() + "'"), source, options(route, source));
			});
		}

		private void add(RoutePattern pattern, SocketHandler handler, String source, RouteOptions options) {
			for (Route existing : this.routes) {
				if (existing.pattern().matchesSameAs(pattern)) {
					throw new InvalidSocketRouteException("Socket route '" + pattern + "' of " + source
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
				throw new InvalidSocketRouteException(ex.getMessage() + " (declared by " + source + ")");
			}
		}

		private RouteOptions options(SocketRoute route, String source) {
			try {
				return RouteOptions.of(route);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSocketRouteException("Socket route '" + route.path() + "' of " + source
						+ " is invalid: " + ex.getMessage());
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
