package com.orbusdigital.oid.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An admin API error, written as RFC 9457 {@code application/problem+json} by
 * {@link ProblemExceptionMapper}. {@code errors} maps request fields to what is wrong with them.
 * Thrown on ordinary bad input, so it records no stack trace.
 */
public final class ProblemException extends RuntimeException {

    /** How many field errors a problem lists at most: a body of thousands of unknown fields gets a small answer. */
    static final int MAX_LISTED_ERRORS = 20;

    private final int status;
    private final Map<String, String> errors;
    private final int errorsNotListed;
    private final Optional<String> challenge;

    public ProblemException(int status, String detail, Map<String, String> errors) {
        this(status, detail, errors, 0, Optional.empty());
    }

    private ProblemException(int status, String detail, Map<String, String> errors, int errorsNotListed, Optional<String> challenge) {
        super(detail, null, false, false);
        this.status = status;
        // in the order given: the first ones are those listed
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        this.errorsNotListed = errorsNotListed;
        this.challenge = challenge;
    }

    /** RFC 6750 §3: 401 with a Bearer challenge, naming invalid_token when a token was given but is not valid. */
    public static ProblemException unauthorized(String detail, boolean tokenGiven) {
        return new ProblemException(401, detail, Map.of(), 0, Optional.of(tokenGiven
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

    /** How many more field errors there were than {@link #errors()} lists. */
    public int errorsNotListed() {
        return errorsNotListed;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail, Map.of());
    }

    /** 400 with the field errors, the first {@value #MAX_LISTED_ERRORS} in their order listed and the rest counted. */
    public static ProblemException invalid(Map<String, String> errors) {
        if (errors.size() <= MAX_LISTED_ERRORS) {
            return new ProblemException(400, "The request has invalid fields.", errors);
        }
        Map<String, String> listed = new LinkedHashMap<>();
        for (Map.Entry<String, String> error : errors.entrySet()) {
            if (listed.size() == MAX_LISTED_ERRORS) {
                break;
            }
            listed.put(error.getKey(), error.getValue());
        }
        return new ProblemException(400, "The request has " + errors.size() + " invalid fields; the first "
                + MAX_LISTED_ERRORS + " are listed.", listed, errors.size() - MAX_LISTED_ERRORS, Optional.empty());
    }

    /** 412: the object changed since the ETag the change was made from (If-Match). */
    public static ProblemException preconditionFailed(String what) {
        return new ProblemException(412, what + " has changed since the ETag given in If-Match: read it again.", Map.of());
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
