package com.orbusdigital.oid.protocol;

import java.util.Optional;

/**
 * The one exception carrying an OAuth error; {@code web.OAuthExceptionMapper} is the one place that
 * writes it to the wire. Descriptions are for developers of relying parties: they say what is
 * wrong with the request and never repeat a secret or token value.
 *
 * <p>Thrown on ordinary bad input, so it records no stack trace.
 */
public final class OAuthException extends RuntimeException {

    private final OAuthError error;
    private final Optional<String> challenge;

    private OAuthException(OAuthError error, String description, Optional<String> challenge) {
        super(description, null, false, false);
        this.error = error;
        this.challenge = challenge;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** The WWW-Authenticate header value, when the error must carry one. */
    public Optional<String> challenge() {
        return challenge;
    }

    public static OAuthException of(OAuthError error, String description) {
        return new OAuthException(error, description, Optional.empty());
    }

    public static OAuthException invalidRequest(String description) {
        return of(OAuthError.INVALID_REQUEST, description);
    }

    /** RFC 6749 §5.2: when the client tried HTTP Basic, the 401 must carry a Basic challenge. */
    public static OAuthException invalidClient(String description, boolean basicAttempted) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description,
                basicAttempted ? Optional.of("Basic realm=\"oid\", charset=\"UTF-8\"") : Optional.empty());
    }

    /**
     * RFC 6750 §3: a bearer-token-protected resource refuses the token; the challenge names the
     * error (invalid_request, invalid_token or insufficient_scope).
     */
    public static OAuthException bearer(OAuthError error, String description) {
        String challenge = "Bearer realm=\"oid\", error=\"" + error.code() + "\"";
        if (error == OAuthError.INSUFFICIENT_SCOPE) {
            challenge += ", scope=\"openid\"";
        }
        return new OAuthException(error, description, Optional.of(challenge));
    }

    /** RFC 6750 §3.1: a request without any token gets a bare challenge, with no error code in it. */
    public static OAuthException bearerMissing(String description) {
        return new OAuthException(OAuthError.INVALID_TOKEN, description, Optional.of("Bearer realm=\"oid\""));
    }

    public static OAuthException temporarilyUnavailable(String description) {
        return of(OAuthError.TEMPORARILY_UNAVAILABLE, description);
    }
}
