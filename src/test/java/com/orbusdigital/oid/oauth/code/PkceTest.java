package com.orbusdigital.oid.oauth.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PkceTest {

    // RFC 7636 Appendix B (cross-checked with: printf VERIFIER | openssl dgst -sha256 -binary | base64url)
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static void assertError(Runnable action, OAuthError error) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void computesTheRfc7636AppendixBChallenge() {
        assertThat(Pkce.s256(VERIFIER)).isEqualTo(CHALLENGE);
    }

    @Test
    void theRightVerifierPassesAndAnyOtherIsInvalidGrant() {
        Optional<Pkce.Challenge> bound = Pkce.Challenge.from(Optional.of(CHALLENGE), Optional.of("S256"), true);

        assertThatCode(() -> Pkce.verify(bound, Optional.of(VERIFIER))).doesNotThrowAnyException();
        assertError(() -> Pkce.verify(bound, Optional.of(VERIFIER.replace('d', 'e'))), OAuthError.INVALID_GRANT);
        assertError(() -> Pkce.verify(bound, Optional.empty()), OAuthError.INVALID_GRANT);
    }

    @Test
    void aVerifierForACodeWithoutChallengeIsRefusedAsADowngrade() {
        assertError(() -> Pkce.verify(Optional.empty(), Optional.of(VERIFIER)), OAuthError.INVALID_GRANT);
        assertThatCode(() -> Pkce.verify(Optional.empty(), Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void onlyS256IsAcceptedAndAMissingMethodDoesNotMeanPlain() {
        assertError(() -> Pkce.Challenge.from(Optional.of(CHALLENGE), Optional.of("plain"), true), OAuthError.INVALID_REQUEST);
        assertError(() -> Pkce.Challenge.from(Optional.of(CHALLENGE), Optional.empty(), true), OAuthError.INVALID_REQUEST);
        assertError(() -> Pkce.Challenge.from(Optional.empty(), Optional.of("S256"), false), OAuthError.INVALID_REQUEST);
    }

    @Test
    void aRequiredChallengeMustBeThereAndWellFormed() {
        assertError(() -> Pkce.Challenge.from(Optional.empty(), Optional.empty(), true), OAuthError.INVALID_REQUEST);
        assertThat(Pkce.Challenge.from(Optional.empty(), Optional.empty(), false)).isEmpty();
        assertError(() -> Pkce.Challenge.from(Optional.of("too-short"), Optional.of("S256"), true), OAuthError.INVALID_REQUEST);
        assertError(() -> Pkce.Challenge.from(Optional.of(CHALLENGE + "!"), Optional.of("S256"), true), OAuthError.INVALID_REQUEST);
        assertError(() -> Pkce.verify(Pkce.Challenge.from(Optional.of(CHALLENGE), Optional.of("S256"), true), Optional.of("short")),
                OAuthError.INVALID_REQUEST);
    }
}
