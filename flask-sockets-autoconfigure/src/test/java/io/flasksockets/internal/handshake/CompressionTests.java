package io.flasksockets.internal.handshake;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which permessage-deflate offers a handshake may accept.
 */
class CompressionTests {

	@Test
	void validOffersAreKeptInTheClientsOrderAndNormalized() {
		assertThat(Compression.acceptableOffers(List.of(
				"permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=\"10\"",
				"Permessage-Deflate;server_no_context_takeover;client_no_context_takeover")))
			.isEqualTo("permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=10, "
					+ "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
	}

	@ParameterizedTest
	@ValueSource(strings = { "permessage-deflate; client_max_window_bits=99", "permessage-deflate; server_max_window_bits=7",
			"permessage-deflate; server_max_window_bits", "permessage-deflate; server_no_context_takeover=1",
			"permessage-deflate; client_max_window_bits; client_max_window_bits", "permessage-deflate; unknown",
			"permessage-deflate; client_max_window_bits=015", ";;;,,=", "x-webkit-deflate-frame", "" })
	void offersRfc7692DoesNotAllowAreDeclined(String header) {
		assertThat(Compression.acceptableOffers(List.of(header))).isNull();
	}

	@Test
	void aBadOfferDoesNotSpoilTheGoodOnes() {
		assertThat(Compression.acceptableOffers(List.of("permessage-deflate; client_max_window_bits=99, permessage-deflate")))
			.isEqualTo("permessage-deflate");
	}

}
