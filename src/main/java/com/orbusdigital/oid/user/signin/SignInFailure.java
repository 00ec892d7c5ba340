package com.orbusdigital.oid.user.signin;

/**
 * Why a sign-in was refused, as events and logs name it. The person at the login page learns less:
 * an unknown username, a wrong password, a user without a password and a locked account all look
 * the same to them, whatever the password (see {@code PasswordSignIn}); only a disabled user who
 * gave the right password is told so.
 */
public enum SignInFailure {
    UNKNOWN_USER("unknown_user"),
    WRONG_PASSWORD("wrong_password"),
    /** The user has no password (created without one, not yet set by an administrator). */
    NO_PASSWORD("no_password"),
    /** Locked after OID_LOGIN_MAX_FAILURES wrong passwords; the password given may have been right or not. */
    LOCKED("locked"),
    /** Right password, but an administrator disabled the user. */
    DISABLED("disabled"),
    /** Right password, then a wrong (or replayed) one-time or recovery code: counted as a wrong password is. */
    WRONG_CODE("wrong_code"),
    /** A passkey assertion that failed after the right password (issue 16, passkeys). */
    WRONG_PASSKEY("wrong_passkey");

    private final String reason;

    SignInFailure(String reason) {
        this.reason = reason;
    }

    /** The reason class published in {@code oid.user.sign_in_failed} events. */
    public String reason() {
        return reason;
    }
}
