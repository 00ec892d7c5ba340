package com.orbusdigital.oid.oauth.code;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636) as RFC 9700 wants it: S256 only ({@code plain} is refused), and a downgrade
 * defence — a code_verifier presented for a code that was issued without a challenge is refused,
 * as is a missing verifier for a code that had one.
 */
public final class Pkce {

    public static final String S256 = "S256";
    /** RFC 7636 §4.1 and §4.2: 43 to 128 unreserved characters. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {}

    /** A challenge as the authorization request carries it, validated; empty when none was sent. */
    public record Challenge(String value) {

        /**
         * @param required whether this client must use PKCE (public clients always; all clients by default)
         * @throws OAuthException invalid_request on a malformed or missing challenge, or a method other than S256
         */
        public static Optional<Challenge> from(Optional<String> challenge, Optional<String> method, boolean required) {
            if (challenge.isEmpty()) {
                if (method.isPresent()) {
                    throw OAuthException.invalidRequest("code_challenge_method was sent without code_challenge");
                }
                if (required) {
                    throw OAuthException.invalidRequest("code_challenge is required (PKCE with S256)");
                }
                return Optional.empty();
            }
            // RFC 7636 makes "plain" the default; RFC 9700 §2.1.1 wants S256, so an absent method is refused too
            if (!method.map(S256::equals).orElse(false)) {
                throw OAuthException.invalidRequest("code_challenge_method must be S256");
            }
            if (!VALUE.matcher(challenge.get()).matches()) {
                throw OAuthException.invalidRequest("code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]");
            }
            return Optional.of(new Challenge(challenge.get()));
        }
    }

    /**
     * Checks the token request's verifier against what the code was bound to.
     *
     * @throws OAuthException invalid_grant when they do not match (including the downgrade cases),
     *                        invalid_request when the verifier is malformed
     */
    public static void verify(Optional<Challenge> bound, Optional<String> verifier) {
        if (bound.isEmpty()) {
            if (verifier.isPresent()) {
                throw OAuthException.of(OAuthError.INVALID_GRANT, "code_verifier sent for a code issued without code_challenge");
            }
            return;
        }
        if (verifier.isEmpty()) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, "code_verifier is required for this code");
        }
        if (!VALUE.matcher(verifier.get()).matches()) {
            throw OAuthException.invalidRequest("code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-]");
        }
        byte[] expected = bound.get().value().getBytes(StandardCharsets.US_ASCII);
        byte[] actual = s256(verifier.get()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge");
        }
    }

    /** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
