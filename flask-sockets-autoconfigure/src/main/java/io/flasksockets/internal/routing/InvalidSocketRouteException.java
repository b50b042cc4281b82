package io.flasksockets.internal.routing;

/**
 * Thrown at startup for a route that cannot be served: a bad path, a duplicate, or an unusable handler method.
 */
class InvalidSocketRouteException extends IllegalStateException {

	InvalidSocketRouteException(String message) {
		super(message);
	}

}
