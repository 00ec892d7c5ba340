package com.orbusdigital.oid.factor.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA-1 seed. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-07T18:00:10Z");

    @Test
    void codesAreThoseOfRfc6238AppendixBForSha1() {
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59L)), 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109L)), 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111111L)), 8)).isEqualTo("14050471");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1234567890L)), 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(2000000000L)), 8)).isEqualTo("69279037");
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(20000000000L)), 8)).isEqualTo("65353130");
        // the six digits apps show are the last six of the same number
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(1111111109L)))).isEqualTo("081804");
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
    }

    @Test
    void matchingStepAcceptsTheStepBeforeAndAfterButNotTwoAway() {
        long now = Totp.step(NOW);
        for (long drift = -1; drift <= 1; drift++) {
            assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, now + drift), NOW)).as("drift %d", drift)
                    .isEqualTo(OptionalLong.of(now + drift));
        }
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, now - 2), NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, now + 2), NOW)).isEmpty();
    }

    @Test
    void matchingStepRefusesAnotherSecretsCode() {
        byte[] other = "09876543210987654321".getBytes(StandardCharsets.US_ASCII);
        String code = Totp.code(other, Totp.step(NOW));
        // guard against the one-in-a-million collision making this test meaningless
        assertThat(code).isNotIn(Totp.code(RFC_SEED, Totp.step(NOW) - 1), Totp.code(RFC_SEED, Totp.step(NOW)),
                Totp.code(RFC_SEED, Totp.step(NOW) + 1));
        assertThat(Totp.matchingStep(RFC_SEED, code, NOW)).isEmpty();
    }

    @Test
    void normaliseTakesSixDigitsWithSpacesAndNothingElse() {
        assertThat(Totp.normalise("123456")).contains("123456");
        assertThat(Totp.normalise(" 123 456 ")).contains("123456");
        assertThat(Totp.normalise("")).isEmpty();
        assertThat(Totp.normalise("12345")).isEmpty();
        assertThat(Totp.normalise("1234567")).isEmpty();
        assertThat(Totp.normalise("12345a")).isEmpty();
        assertThat(Totp.normalise("１２３４５６")).as("full-width digits").isEmpty();
        assertThat(Totp.normalise("1".repeat(40))).isEmpty();
        assertThat(Totp.normalise(" ".repeat(10_000) + "123456")).isEqualTo(Optional.empty());
    }
}
