package io.flasksockets.internal.tomcat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TomcatVersion}.
 */
class TomcatVersionTests {

	@Test
	void versionsCompareNumberByNumber() {
		assertThat(TomcatVersion.compare("11.0.22.0", "11.0.24")).isNegative();
		assertThat(TomcatVersion.compare("11.0.24.0", "11.0.24")).isZero();
		assertThat(TomcatVersion.compare("11.0.100", "11.0.24")).isPositive();
		assertThat(TomcatVersion.compare("12.0.0-M1", "11.0.24")).isPositive();
	}

}
