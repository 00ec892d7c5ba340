package com.orbusdigital.oid.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A tenant's second-factor policy (tenants.mfa_policy). */
public enum MfaPolicy {
    /** No second step after a password, unless a client or the request asks for more. */
    OFF,
    /** Users who set up a second factor are asked for it; others sign in with a password. The default. */
    OPTIONAL,
    /** Every user: one without a second factor sets one up right after the password. */
    REQUIRED;

    /** The stored and API name: off, optional, required. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MfaPolicy> of(String value) {
        return Arrays.stream(values()).filter(policy -> policy.value().equals(value)).findFirst();
    }
}
