package io.flasksockets.internal.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;

import io.flasksockets.HttpSessionView;
import io.flasksockets.Socket;
import io.flasksockets.SocketHandler;
import io.flasksockets.internal.routing.InvalidSocketRouteException.Kind;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.socket.CloseStatus;

/**
 * Adapts a {@code @SocketRoute} method to a {@link SocketHandler}, the way Spring MVC calls a {@code @GetMapping}
 * method: it passes the socket, path variables (by parameter name or {@link PathVariable @PathVariable}), query
 * parameters ({@link RequestParam @RequestParam}), the {@link Principal} and the {@link HttpSessionView}, converted
 * by the application's conversion service. The method is called on the bean as the application sees it, proxy
 * included, so that advice such as {@code @Transactional} or {@code @PreAuthorize} applies.
 *
 * <p>A query parameter that is missing or does not convert, or a path variable that does not convert, is the
 * peer's mistake: the socket closes with 1008 (policy violation) and a reason naming it, and the method is not
 * called.
 */
final class MethodSocketHandler implements SocketHandler {

	private final Object bean;

	private final Method method;

	private final Argument[] arguments;

	/**
	 * Check the method's signature against the route and prepare its invocation.
	 * @throws InvalidSocketRouteException if a parameter is none of what a route supplies, or the method cannot be
	 * called on the bean
	 */
	MethodSocketHandler(Object bean, Method method, RoutePattern pattern, String source,
			ConversionService conversionService) {
		this.bean = bean;
		this.method = invocable(method, bean, source);
		this.arguments = new Argument[method.getParameterCount()];
		for (int i = 0; i < this.arguments.length; i++) {
			MethodParameter parameter = new SynthesizingMethodParameter(method, i);
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			this.arguments[i] = Argument.of(parameter, pattern, source, conversionService);
		}
		ReflectionUtils.makeAccessible(this.method);
	}

	private static Method invocable(Method method, Object bean, String source) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new InvalidSocketRouteException(Kind.DECLARATION,
					"Socket route " + source + " cannot be called on its bean: " + ex.getMessage());
		}
	}

	@Override
	public void handle(Socket socket) throws Exception {
		Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			try {
				args[i] = this.arguments[i].resolve(socket);
			}
			catch (InvalidArgumentException ex) {
				socket.close(CloseStatus.POLICY_VIOLATION.getCode(), ex.getMessage());
				return;
			}
		}
		try {
			this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			if (ex.getTargetException() instanceof Exception exception) {
				throw exception;
			}
			throw (Error) ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return this.method.toGenericString();
	}

	/**
	 * What one parameter of the method is given.
	 */
	@FunctionalInterface
	private interface Argument {

		TypeDescriptor TEXT = TypeDescriptor.valueOf(String.class);

		@Nullable Object resolve(Socket socket) throws InvalidArgumentException;

		static Argument of(MethodParameter parameter, RoutePattern pattern, String source,
				ConversionService conversionService) {
			Class<?> type = parameter.getParameterType();
			if (type == Socket.class) {
				return (socket) -> socket;
			}
			if (type == HttpSessionView.class) {
				return Socket::session;
			}
			if (Principal.class.isAssignableFrom(type)) {
				return (socket) -> socket.principal().filter(type::isInstance).orElse(null);
			}
			RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
			if (query != null) {
				return queryParameter(parameter, query, source, conversionService);
			}
			return pathVariable(parameter, pattern, source, conversionService);
		}

		private static Argument queryParameter(MethodParameter parameter, RequestParam annotation, String source,
				ConversionService conversionService) {
			String name = name(annotation.name(), parameter, source);
			boolean optional = parameter.getParameterType() == Optional.class;
			TypeDescriptor type = new TypeDescriptor(optional ? parameter.nested() : parameter);
			requireConvertible(type, "query parameter '" + name + "'", parameter, source, conversionService);
			String defaultValue = ValueConstants.DEFAULT_NONE.equals(annotation.defaultValue()) ? null
					: annotation.defaultValue();
			boolean required = annotation.required() && defaultValue == null && !optional;
			return (socket) -> {
				String text = socket.queryParam(name);
				text = (text != null) ? text : defaultValue;
				if (text == null && required) {
					throw new InvalidArgumentException("Missing query parameter '" + name + "'");
				}
				Object value = (text != null) ? convert(text, type, "Query parameter '" + name + "'", conversionService)
						: null;
				return optional ? Optional.ofNullable(value) : value;
			};
		}

		private static Argument pathVariable(MethodParameter parameter, RoutePattern pattern, String source,
				ConversionService conversionService) {
			PathVariable annotation = parameter.getParameterAnnotation(PathVariable.class);
			String name = name((annotation != null) ? annotation.name() : "", parameter, source);
			TypeDescriptor type = new TypeDescriptor(parameter);
			if (!pattern.variableNames().contains(name)) {
				throw invalid(parameter, source, "is none of what a route supplies: the path variables are "
						+ pattern.variableNames());
			}
			requireConvertible(type, "path variable '" + name + "'", parameter, source, conversionService);
			return (socket) -> convert(socket.pathVariable(name), type, "Path variable '" + name + "'",
					conversionService);
		}

		private static String name(String declared, MethodParameter parameter, String source) {
			String name = StringUtils.hasText(declared) ? declared : parameter.getParameterName();
			if (name == null) {
				throw invalid(parameter, source, "has no name: compile with -parameters, or name it in its annotation");
			}
			return name;
		}

		private static void requireConvertible(TypeDescriptor type, String what, MethodParameter parameter,
				String source, ConversionService conversionService) {
			if (!conversionService.canConvert(TEXT, type)) {
				throw invalid(parameter, source,
						"is a " + what + " of a type the application's conversion service cannot convert text to");
			}
		}

		private static Object convert(String text, TypeDescriptor type, String what,
				ConversionService conversionService) throws InvalidArgumentException {
			try {
				Object value = conversionService.convert(text, TEXT, type);
				if (value == null) {
					throw new InvalidArgumentException(what + " is empty");
				}
				return value;
			}
			catch (ConversionException ex) {
				throw new InvalidArgumentException(what + " is not a valid " + type.getType().getSimpleName());
			}
		}

		private static InvalidSocketRouteException invalid(MethodParameter parameter, String source, String problem) {
			String name = parameter.getParameterName();
			return new InvalidSocketRouteException(Kind.PARAMETER,
					"Socket route " + source + " has parameter " + (parameter.getParameterIndex() + 1) + " ("
							+ parameter.getParameterType().getSimpleName() + ((name != null) ? " " + name : "")
							+ ") that " + problem);
		}

	}

	/**
	 * A query parameter or path variable the peer sent that the method cannot be given.
	 */
	private static final class InvalidArgumentException extends Exception {

		InvalidArgumentException(String message) {
			super(message, null, false, false);
		}

	}

}
