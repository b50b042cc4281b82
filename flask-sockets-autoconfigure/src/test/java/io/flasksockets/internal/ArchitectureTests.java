package io.flasksockets.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the code: dependencies point inward (the API, broker, session and test packages never reach into
 * {@code internal}), the internal packages form no cycle, the API imports no Spring Boot, and every public type in
 * {@code internal} has a reason to be public.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.flasksockets");

	/**
	 * Why each public type of {@code internal} is public: Java has no access between sibling packages.
	 */
	private static final Map<String, String> PUBLIC_FOR = Map.ofEntries(
			Map.entry("connection.CloseState", "a socket keeps its close state"),
			Map.entry("connection.Connection", "each container package implements it"),
			Map.entry("connection.Intake", "a socket receives through it"),
			Map.entry("connection.Liveness", "a socket's checks ask whether its peer is alive"),
			Map.entry("connection.PayloadSize", "a socket counts a message's size once for its limits"),
			Map.entry("connection.NodeBuffers", "the runtime sets the node's budgets and reports their use"),
			Map.entry("connection.Sender", "a socket sends through it"),
			Map.entry("handshake.SocketHandlerMappings", "the auto-configuration creates the mappings and the guard"),
			Map.entry("limits.Allowance", "the auto-configuration sizes the global rate limits"),
			Map.entry("limits.RateLimits", "a route's settings hold its rate limits"),
			Map.entry("limits.Throttle", "a socket counts what its handler receives through it"),
			Map.entry("limits.UserBuckets", "the auto-configuration chooses where users' buckets live"),
			Map.entry("jetty.JettyAcceptQueue", "the auto-configuration registers it with Jetty's web server factory"),
			Map.entry("jetty.JettySocketListener", "Jetty calls listeners through public method handles"),
			Map.entry("jetty.JettyUpgradeStrategy", "the runtime's Container creates it"),
			Map.entry("rooms.ReplayWindow", "the auto-configuration sizes the rooms' windows"),
			Map.entry("rooms.Rooms", "the runtime creates the node's rooms"),
			Map.entry("routing.Route", "the runtime and the auto-configuration run and describe routes"),
			Map.entry("routing.RouteOptions", "a route's options reach the handshake and the endpoint"),
			Map.entry("routing.RoutePattern", "the handshake maps and matches patterns"),
			Map.entry("routing.SocketRoutes", "the auto-configuration collects the routes"),
			Map.entry("runtime.Capacity", "the auto-configuration plans it and the handshake admits by it"),
			Map.entry("runtime.Container", "the handshake upgrades through the detected container"),
			Map.entry("runtime.InvalidationFilter", "the auto-configuration registers it with the servlet container"),
			Map.entry("runtime.SessionEnd", "the auto-configuration's session listeners say how sessions ended"),
			Map.entry("runtime.LoggingErrorHandler", "the auto-configuration's default error handler"),
			Map.entry("runtime.SocketAdmin", "the actuator endpoint's view of the sockets"),
			Map.entry("runtime.SocketRuntime", "the auto-configuration's runtime bean"),
			Map.entry("socket.BlockingSocket", "the runtime and the rooms run and address sockets"),
			Map.entry("socket.BlockingSocketAdapter", "the runtime creates adapters; Jetty's listener calls them"),
			Map.entry("socket.CloseStatuses", "the runtime closes with statuses fit for the wire"),
			Map.entry("socket.Conversions", "the rooms and the auto-configuration convert values"),
			Map.entry("socket.HandshakeContext", "the handshake package leaves it for each socket"),
			Map.entry("routing.RouteRuntime", "the runtime, the handshake and the endpoint share routes"),
			Map.entry("telemetry.SocketInfo", "the runtime's admin view describes sockets"),
			Map.entry("socket.SocketServices", "the runtime gives sockets what they share"),
			Map.entry("routing.SocketSettings", "the container packages and the auto-configuration read limits"),
			Map.entry("telemetry.SocketObservations", "the runtime, the handshake and the rooms observe through it"),
			Map.entry("telemetry.SocketTrace", "a socket's handler and the runtime observe one socket through it"),
			Map.entry("telemetry.CapacityUse", "the metrics and the actuator endpoint report it"),
			Map.entry("telemetry.MicrometerSocketMetrics", "the metrics auto-configuration creates it"),
			Map.entry("telemetry.SocketMetrics", "the runtime, the handshake and the sockets report through it"),
			Map.entry("tomcat.TomcatBuffers", "the auto-configuration sets Tomcat's container defaults"),
			Map.entry("tomcat.TomcatConnection", "the runtime's Container creates it"),
			Map.entry("tomcat.TomcatVersion", "the runtime's Container asks what Tomcat can do"));

	@Test
	void theApiBrokerSessionAndTestPackagesDoNotDependOnInternals() {
		noClasses().that()
			.resideInAnyPackage("io.flasksockets", "io.flasksockets.broker", "io.flasksockets.session",
					"io.flasksockets.test")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.flasksockets.internal..")
			.check(classes);
	}

	@Test
	void theApiImportsNoSpringBoot() {
		noClasses().that()
			.resideInAPackage("io.flasksockets")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(classes);
	}

	@Test
	void internalPackagesFormNoCycle() {
		slices().matching("io.flasksockets.internal.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void everyPublicInternalTypeHasAReason() {
		Set<String> publicTypes = classes.stream()
			.filter((type) -> type.getPackageName().startsWith("io.flasksockets.internal."))
			.filter((type) -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
			.map(ArchitectureTests::internalName)
			.collect(Collectors.toSet());
		Map<String, String> withoutReason = new TreeMap<>();
		publicTypes.stream()
			.filter((type) -> !PUBLIC_FOR.containsKey(type))
			.forEach((type) -> withoutReason.put(type, "public without a reason listed here"));
		PUBLIC_FOR.keySet()
			.stream()
			.filter((type) -> !publicTypes.contains(type))
			.forEach((type) -> withoutReason.put(type, "listed, but not public (or gone): take it off the list"));
		assertThat(withoutReason).isEmpty();
	}

	@Test
	void internalPackagesStaySmall() {
		Map<String, List<String>> byPackage = classes.stream()
			.filter((type) -> type.getPackageName().startsWith("io.flasksockets.internal."))
			.filter(JavaClass::isTopLevelClass)
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.collect(Collectors.groupingBy(JavaClass::getPackageName,
					Collectors.mapping(JavaClass::getSimpleName, Collectors.toList())));
		assertThat(byPackage).allSatisfy((name, types) -> assertThat(types).as(name).hasSizeLessThanOrEqualTo(12));
	}

	private static String internalName(JavaClass type) {
		return type.getName().substring("io.flasksockets.internal.".length());
	}

}
