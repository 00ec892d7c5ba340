package com.orbusdigital.oid.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A proof a person gave of who they are, as a sign-in session records it and as {@code amr}
 * (RFC 8176) reports it. A passkey used with user verification proves two things, the key and the
 * person holding it (a PIN or biometric on the authenticator): {@link #PASSKEY} or
 * {@link #SYNCED_PASSKEY} and {@link #USER_VERIFICATION}.
 */
public enum Factor {
    /** A password typed on OID's login page. */
    PASSWORD("password", "pwd"),
    /** A time-based one-time code (RFC 6238) from an authenticator app. */
    OTP("otp", "otp"),
    /** One of the user's single-use recovery codes: a one-time password in RFC 8176's sense. */
    RECOVERY_CODE("recovery_code", "otp"),
    /** A WebAuthn credential bound to its device (not backup eligible): proof of a hardware-secured key. */
    PASSKEY("passkey", "hwk"),
    /** A WebAuthn credential that may be synced between devices (backup eligible): a software-secured key. */
    SYNCED_PASSKEY("synced_passkey", "swk"),
    /** The authenticator verified the person (PIN, fingerprint, face) while asserting a passkey. */
    USER_VERIFICATION("user_verification", "user"),
    /**
     * Issue 18: the tenant's own OpenID provider vouched for the person (an ID token OID validated).
     * {@code fed} is RFC 8176's "federated authentication"; one factor, as a password is, unless the
     * provider's own MFA is trusted ({@code federation.UpstreamAmr}).
     */
    FEDERATED("federated", "fed"),
    /**
     * Issue 18: the provider says it asked for more than one factor, and the tenant's provider is
     * trusted to say so (trust_mfa). A second factor for OID's policy; in {@code amr} it adds nothing
     * beside {@code fed} but the {@code mfa} that two factors make.
     */
    FEDERATED_MFA("federated_mfa", "fed");

    private final String code;
    private final String amr;

    Factor(String code, String amr) {
        this.code = code;
        this.amr = amr;
    }

    /** The name stored with a session and published in events ({@code password}, {@code otp}, …). */
    public String code() {
        return code;
    }

    /** The RFC 8176 authentication method reference it adds to {@code amr}. */
    public String amr() {
        return amr;
    }

    /** Whether it proves possession of a key bound to OID's origin: a phisher's page cannot obtain it. */
    public boolean phishingResistant() {
        return this == PASSKEY || this == SYNCED_PASSKEY;
    }

    public static Optional<Factor> fromCode(String code) {
        return Arrays.stream(values()).filter(factor -> factor.code.equals(code)).findFirst();
    }

    /** The factors of a WebAuthn assertion: the key, and the person when the authenticator verified them. */
    public static List<Factor> ofPasskey(boolean backupEligible, boolean userVerified) {
        Factor key = backupEligible ? SYNCED_PASSKEY : PASSKEY;
        return userVerified ? List.of(key, USER_VERIFICATION) : List.of(key);
    }
}
