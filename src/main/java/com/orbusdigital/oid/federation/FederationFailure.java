package com.orbusdigital.oid.federation;

/**
 * A sign-in through a provider that cannot go on: the {@link Reason} chooses the page the browser
 * sees, the detail is the one line logged (never a token, a code, a secret or the provider's own
 * error text, which is not ours to show).
 */
public final class FederationFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, as the person is told. */
    public enum Reason {
        /** The state is unknown, used, expired, or was started in another browser. */
        EXPIRED("federate.error.expired"),
        /** The provider could not be reached in time, or its metadata is not usable. */
        UNAVAILABLE("federate.error.unavailable"),
        /** The provider answered with an error (other than the person's own refusal). */
        REFUSED("federate.error.refused"),
        /** The person declined at the provider: the client hears access_denied. */
        ACCESS_DENIED("federate.error.refused"),
        /** The provider's answer did not pass the checks (iss, the ID token, userinfo's sub). */
        INVALID("federate.error.invalid"),
        /** No user of the tenant is linked and none may be created or linked. */
        NO_ACCOUNT("federate.error.no_account"),
        /** The linked user is disabled. */
        DISABLED("login.disabled"),
        /** The address belongs to a user of the tenant, and cannot be linked (not verified upstream, or linking is off). */
        EMAIL_TAKEN("federate.error.email_taken"),
        /** The username the provider gives is not one OID accepts, or belongs to someone else. */
        USERNAME("federate.error.username");

        private final String messageKey;

        Reason(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private final Reason reason;

    public FederationFailure(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public FederationFailure(Reason reason, String detail, Throwable cause) {
        super(detail + ": " + cause.getClass().getSimpleName(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
