package com.orbusdigital.oid.admin;

import java.util.Map;
import java.util.Optional;

/**
 * An admin API error, written as RFC 9457 {@code application/problem+json} by
 * {@link ProblemExceptionMapper}. {@code errors} maps request fields to what is wrong with them.
 * Thrown on ordinary bad input, so it records no stack trace.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final Map<String, String> errors;
    private final Optional<String> challenge;

    public ProblemException(int status, String detail, Map<String, String> errors) {
        this(status, detail, errors, Optional.empty());
    }

    private ProblemException(int status, String detail, Map<String, String> errors, Optional<String> challenge) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = Map.copyOf(errors);
        this.challenge = challenge;
    }

    /** RFC 6750 §3: 401 with a Bearer challenge, naming invalid_token when a token was given but is not valid. */
    public static ProblemException unauthorized(String detail, boolean tokenGiven) {
        return new ProblemException(401, detail, Map.of(), Optional.of(tokenGiven
                ? "Bearer realm=\"oid-admin\", error=\"invalid_token\"" : "Bearer realm=\"oid-admin\""));
    }

    /** The WWW-Authenticate value of a 401. */
    public Optional<String> challenge() {
        return challenge;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> errors() {
        return errors;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail, Map.of());
    }

    public static ProblemException invalid(Map<String, String> errors) {
        return new ProblemException(400, "The request has invalid fields.", errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, what + " was not found.", Map.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail, Map.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, detail, Map.of());
    }
}
