package io.flasksockets.sample;

import java.util.List;
import java.util.Map;

import io.flasksockets.autoconfigure.SocketsEndpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;

/**
 * Spring Security for the sample: the foundation's paths stay public, {@code /secure/**} needs a logged-in user,
 * the {@code sockets} actuator endpoint an admin, and login and logout are script-friendly ({@code 204}/{@code 401},
 * CSRF token in the {@code XSRF-TOKEN} cookie, echoed in the {@code X-XSRF-TOKEN} header).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SampleSecurity.Users.class)
class SampleSecurity {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/secure/**")
				.authenticated()
				.requestMatchers(EndpointRequest.to(SocketsEndpoint.class))
				.hasRole("ADMIN")
				.anyRequest()
				.permitAll())
			.csrf((csrf) -> csrf.spa().ignoringRequestMatchers("/login"))
			.formLogin((login) -> login.loginPage("/auth/login")
				.successHandler((request, response, authentication) -> response.setStatus(HttpStatus.NO_CONTENT.value()))
				.failureHandler((request, response, exception) -> response.setStatus(HttpStatus.UNAUTHORIZED.value())))
			.logout((logout) -> logout.logoutUrl("/auth/logout")
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.build();
	}

	@Bean
	UserDetailsService users(Users users) {
		return new InMemoryUserDetailsManager(users.users()
			.entrySet()
			.stream()
			.map((user) -> User.withUsername(user.getKey())
				.password("{noop}" + user.getValue())
				.roles(users.admins().contains(user.getKey()) ? new String[] { "USER", "ADMIN" } : new String[] { "USER" })
				.build())
			.toList());
	}

	/**
	 * The demo users.
	 *
	 * @param users the users, name to password
	 * @param admins the names of the users who are admins
	 */
	@ConfigurationProperties("sample")
	record Users(Map<String, String> users, @DefaultValue List<String> admins) {
	}

}
