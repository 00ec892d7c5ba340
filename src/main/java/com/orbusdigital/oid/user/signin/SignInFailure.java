package com.orbusdigital.oid.user.signin;

/**
 * Why a sign-in was refused, as events and logs name it. The person at the login page learns less:
 * an unknown username and a wrong password look the same to them.
 */
public enum SignInFailure {
    UNKNOWN_USER("unknown_user"),
    WRONG_PASSWORD("wrong_password"),
    /** The user has no password (created without one, not yet set by an administrator). */
    NO_PASSWORD("no_password"),
    LOCKED("locked"),
    /** Right password, but an administrator disabled the user. */
    DISABLED("disabled");

    private final String reason;

    SignInFailure(String reason) {
        this.reason = reason;
    }

    /** The reason class published in {@code oid.user.sign_in_failed} events. */
    public String reason() {
        return reason;
    }

    /** Whether the person may be told exactly this; otherwise they see "wrong username or password". */
    public boolean isDisclosed() {
        return this == LOCKED || this == DISABLED;
    }
}
