package io.flasksockets.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed certificate for {@code localhost}, made by the JDK's {@code keytool} for one test class and worth
 * nothing outside it: a PKCS#12 key store for {@code server.ssl} and the certificate as PEM for clients that
 * trust it.
 *
 * @param keyStore the key store
 * @param pem the certificate
 */
record TestCertificate(Path keyStore, Path pem) {

	private static final String PASSWORD = "test-only";

	/**
	 * Make a certificate in a directory.
	 */
	static TestCertificate createIn(Path directory) throws Exception {
		Files.createDirectories(directory);
		TestCertificate certificate = new TestCertificate(directory.resolve("localhost.p12"),
				directory.resolve("localhost.pem"));
		keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", certificate.keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "localhost", "-keystore", certificate.keyStore.toString(),
				"-storepass", PASSWORD, "-file", certificate.pem.toString());
		return certificate;
	}

	/**
	 * Return the properties that serve TLS with this certificate, and HTTP/2 beside HTTP/1.1.
	 */
	String[] serverProperties() {
		return new String[] { "server.ssl.key-store=" + this.keyStore, "server.ssl.key-store-type=PKCS12",
				"server.ssl.key-store-password=" + PASSWORD, "server.ssl.key-alias=localhost",
				"server.http2.enabled=true" };
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor()).as(output).isZero();
	}

}
