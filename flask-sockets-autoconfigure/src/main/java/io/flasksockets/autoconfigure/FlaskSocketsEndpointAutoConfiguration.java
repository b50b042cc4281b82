package io.flasksockets.autoconfigure;

import io.flasksockets.internal.runtime.SocketRuntime;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link SocketsEndpoint}, when Spring Boot's actuator
 * is present and the endpoint is available ({@code management.endpoints.web.exposure.include=sockets}).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
@AutoConfiguration(after = FlaskSocketsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(name = FlaskSocketsAutoConfiguration.RUNTIME_BEAN_NAME)
@ConditionalOnAvailableEndpoint(SocketsEndpoint.class)
public final class FlaskSocketsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketsEndpoint flaskSocketsEndpoint(
			@Qualifier(FlaskSocketsAutoConfiguration.RUNTIME_BEAN_NAME) SocketRuntime runtime) {
		return new SocketsEndpoint(runtime.admin());
	}

}
