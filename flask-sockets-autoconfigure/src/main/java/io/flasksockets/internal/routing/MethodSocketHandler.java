package io.flasksockets.internal.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Function;

import io.flasksockets.Socket;
import io.flasksockets.SocketHandler;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Adapts a {@code @SocketRoute} method to a {@link SocketHandler}: it passes the socket and, by parameter
 * name, the route's path variables converted to the parameters' types.
 */
final class MethodSocketHandler implements SocketHandler {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Object bean;

	private final Method method;

	private final Function<Socket, ?>[] arguments;

	/**
	 * Check the method's signature against the route and prepare its invocation.
	 * @throws InvalidSocketRouteException if a parameter is neither the socket nor a path variable
	 */
	@SuppressWarnings("unchecked")
	MethodSocketHandler(Object bean, Method method, RoutePattern pattern, String source) {
		this.bean = bean;
		this.method = method;
		String[] names = parameterNames.getParameterNames(method);
		Class<?>[] types = method.getParameterTypes();
		this.arguments = new Function[types.length];
		for (int i = 0; i < types.length; i++) {
			Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(types[i]);
			if (type == Socket.class) {
				this.arguments[i] = Function.identity();
				continue;
			}
			String name = (names != null) ? names[i] : null;
			if (name == null || !pattern.variableNames().contains(name)
					|| !DefaultConversionService.getSharedInstance().canConvert(String.class, type)) {
				throw new InvalidSocketRouteException("Socket route " + source + " has parameter " + (i + 1) + " ("
						+ types[i].getSimpleName() + " " + ((name != null) ? name : "<unnamed: compile with -parameters>")
						+ ") that is neither the Socket nor one of the path variables " + pattern.variableNames()
						+ " in a type Spring's conversion service can convert to");
			}
			this.arguments[i] = (socket) -> socket.pathVariable(name, type);
		}
		ReflectionUtils.makeAccessible(method);
	}

	@Override
	public void handle(Socket socket) throws Exception {
		Object[] args = Arrays.stream(this.arguments).map((argument) -> argument.apply(socket)).toArray();
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

}
