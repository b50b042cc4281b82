package io.flasksockets.internal.socket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Close statuses that can go on the wire: a code a peer may be sent, and a reason of at most 123 bytes of UTF-8,
 * cut at a character boundary when longer (Jetty refuses longer reasons, Tomcat cuts them itself).
 *
 * @author Flask-Sockets team
 * @since 0.1.0
 */
public final class CloseStatuses {

	private static final int MAX_REASON_BYTES = 123;

	private CloseStatuses() {
	}

	/**
	 * Return a status with the given code and the reason, shortened to fit a close frame.
	 * @param code the code
	 * @param reason the reason, or {@code null} for none
	 * @return the status
	 * @throws IllegalArgumentException if the code is not one a close frame may carry
	 */
	public static CloseStatus of(int code, @Nullable String reason) {
		if (!isSendable(code)) {
			throw new IllegalArgumentException("Close code " + code
					+ " cannot be sent: use 1000, a code from 1001-1003 or 1007-1014, or 3000-4999 for your own");
		}
		return new CloseStatus(code, fit(reason));
	}

	/**
	 * Return the status shortened to fit a close frame, with 1011 in place of a code that cannot be sent (such as
	 * 1006, which only reports a lost connection).
	 * @param status the status
	 * @return the status as it can be sent
	 */
	public static CloseStatus forWire(CloseStatus status) {
		int code = isSendable(status.getCode()) ? status.getCode() : CloseStatus.SERVER_ERROR.getCode();
		return new CloseStatus(code, fit(status.getReason()));
	}

	private static boolean isSendable(int code) {
		return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
	}

	private static String fit(@Nullable String reason) {
		if (reason == null || reason.length() <= MAX_REASON_BYTES / 3) {
			return (reason != null) ? reason : "";
		}
		CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
		ByteBuffer bytes = ByteBuffer.allocate(MAX_REASON_BYTES);
		CharBuffer chars = CharBuffer.wrap(reason);
		encoder.encode(chars, bytes, true);
		return reason.substring(0, chars.position());
	}

}
