package io.flasksockets.internal.tomcat;

import org.apache.catalina.util.ServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running Tomcat's version means for sockets. Tomcat before 11.0.24 loses the last bytes of an inflated
 * frame when they fill its message buffer exactly and hands them to the next message instead (Apache bug 70126):
 * compressed messages would change in transit.
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class TomcatVersion {

	private static final Logger logger = LoggerFactory.getLogger(TomcatVersion.class);

	private static final String FIRST_CORRECT_COMPRESSION = "11.0.24";

	private TomcatVersion() {
	}

	/**
	 * Whether the running Tomcat inflates permessage-deflate messages correctly, warning once when it does not.
	 * @return whether compression may be negotiated
	 */
	public static boolean compressesCorrectly() {
		String version = ServerInfo.getServerNumber();
		if (compare(version, FIRST_CORRECT_COMPRESSION) < 0) {
			logger.warn("Tomcat {} can change permessage-deflate messages in transit (Apache bug 70126, fixed in "
					+ "Tomcat {}): socket routes decline compression. Set the tomcat.version property to {} or "
					+ "later to compress, or set flask-sockets.compression=false to silence this warning", version,
					FIRST_CORRECT_COMPRESSION, FIRST_CORRECT_COMPRESSION);
			return false;
		}
		return true;
	}

	/**
	 * Compare dotted version numbers, part by part.
	 */
	static int compare(String version, String other) {
		String[] parts = version.split("\\.");
		String[] otherParts = other.split("\\.");
		for (int i = 0; i < Math.max(parts.length, otherParts.length); i++) {
			int difference = Integer.compare(number(parts, i), number(otherParts, i));
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

	private static int number(String[] parts, int index) {
		if (index >= parts.length) {
			return 0;
		}
		String digits = parts[index].replaceAll("\\D.*", "");
		return digits.isEmpty() ? 0 : Integer.parseInt(digits);
	}

}
