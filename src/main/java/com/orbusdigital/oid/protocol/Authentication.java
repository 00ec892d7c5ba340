package com.orbusdigital.oid.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What tokens say of the sign-in they descend from: {@code auth_time}, {@code acr} and {@code amr}
 * (OIDC Core §2, RFC 8176). Codes and refresh token families keep it; those from before OID knew of
 * factors have neither acr nor amr, and their tokens carry none.
 */
public record Authentication(Instant time, Optional<String> acr, List<String> amr) {

    public Authentication {
        amr = List.copyOf(amr);
    }

    /** A sign-in's facts for a request that prefers {@code acrValues} ({@link Assurance#acrFor}). */
    public static Authentication of(Proofs proofs, Instant authTime, List<String> acrValues) {
        return new Authentication(authTime, Optional.of(Assurance.acrFor(proofs.assurance(), acrValues)), proofs.amr());
    }

    /** As stored: amr space-separated, both NULL for a sign-in from before OID recorded them. */
    public static Authentication read(Instant authTime, Optional<String> acr, Optional<String> amr) {
        return new Authentication(authTime, acr, amr.filter(text -> !text.isBlank())
                .map(text -> Arrays.asList(text.trim().split(" +"))).orElse(List.of()));
    }

    /** amr as stored; empty when there is none. */
    public Optional<String> amrText() {
        return amr.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", amr));
    }
}
