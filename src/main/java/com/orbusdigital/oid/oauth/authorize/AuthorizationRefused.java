package com.orbusdigital.oid.oauth.authorize;

/** Carries an {@link AuthorizationError} out of the checks; ordinary bad input, so no stack trace. */
public final class AuthorizationRefused extends RuntimeException {

    private final AuthorizationError error;

    public AuthorizationRefused(AuthorizationError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    public AuthorizationError error() {
        return error;
    }
}
