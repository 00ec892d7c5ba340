package com.orbusdigital.oid.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How strongly a sign-in established who signed in: the {@code acr} values OID issues and accepts
 * in {@code acr_values} (OIDC Core §3.1.2.1) and in a claims request for {@code acr}, weakest first.
 * Each level satisfies a request for any weaker one.
 * <ul>
 * <li>{@code pwd}: one factor — a password;</li>
 * <li>{@code mfa}: two factors of different kinds — a password and a one-time or recovery code, or
 * a passkey with user verification;</li>
 * <li>{@code phr}: two factors of which one is a passkey — phishing-resistant (the name the OpenID
 * Foundation's EAP ACR Values specification gives it).</li>
 * </ul>
 */
public enum Assurance {
    PASSWORD("pwd"),
    MULTI_FACTOR("mfa"),
    PHISHING_RESISTANT("phr");

    /** Every value, weakest first, as discovery lists them. */
    public static final List<String> SUPPORTED = Arrays.stream(values()).map(Assurance::acr).toList();

    private final String acr;

    Assurance(String acr) {
        this.acr = acr;
    }

    public String acr() {
        return acr;
    }

    public boolean satisfies(Assurance wanted) {
        return compareTo(wanted) >= 0;
    }

    public static Optional<Assurance> fromAcr(String acr) {
        return Arrays.stream(values()).filter(level -> level.acr.equals(acr)).findFirst();
    }

    public static Assurance strongest(Assurance a, Assurance b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The level a request asks for: the weakest of the values it names that OID knows (any of them
     * would do), empty when it names none OID knows (unknown values are ignored, as voluntary
     * claims are).
     *
     * @param preferred acr values in order of preference (acr_values, or the claims request's acr values)
     */
    public static Optional<Assurance> requested(List<String> preferred) {
        return preferred.stream().map(Assurance::fromAcr).flatMap(Optional::stream).min(Assurance::compareTo);
    }

    /**
     * The {@code acr} to issue for a sign-in at {@code achieved}: the first value of the request's
     * preference that it satisfies, or else its own level.
     */
    public static String acrFor(Assurance achieved, List<String> preferred) {
        return preferred.stream().map(Assurance::fromAcr).flatMap(Optional::stream).filter(achieved::satisfies).findFirst()
                .orElse(achieved).acr();
    }
}
