package io.flasksockets.internal.routing;

/**
 * Thrown at startup for a route that cannot be served, with what kind of mistake it is so that the failure
 * analysis can say how to fix it.
 */
class InvalidSocketRouteException extends IllegalStateException {

	private final Kind kind;

	InvalidSocketRouteException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * The kinds of mistake, each with how to fix it.
	 */
	enum Kind {

		/**
		 * A path that does not parse.
		 */
		SYNTAX("Fix the route's path: Flask syntax is /path/<name>, <int:name>, <float:name>, <uuid:name> or "
				+ "<path:name>; Spring syntax is /path/{name}."),

		/**
		 * Two routes that match the same requests.
		 */
		DUPLICATE("Serve each path from one route only: change or remove one of the two routes (a blueprint's "
				+ "prefix and flask-sockets.path-prefix are part of the path)."),

		/**
		 * A route method's parameter that the route cannot supply.
		 */
		PARAMETER("A route method takes the Socket, path variables (by parameter name, compiled with "
				+ "-parameters, or with @PathVariable), query parameters with @RequestParam, the Principal and the "
				+ "HttpSessionView, in types the application's conversion service converts text to."),

		/**
		 * A route declared in a way that cannot work, such as a class that is not a handler or a bad option.
		 */
		DECLARATION("Make a @SocketRoute class implement SocketHandler, put @SocketRoute on a method that Spring "
				+ "can call on the bean, and give the route's options valid values.");

		private final String action;

		Kind(String action) {
			this.action = action;
		}

		String action() {
			return this.action;
		}

	}

}
