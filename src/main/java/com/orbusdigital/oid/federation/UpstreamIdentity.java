package com.orbusdigital.oid.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the provider says signed in: the ID token's {@code sub}, its claims (with userinfo's when the
 * ID token lacked a mapped one), its {@code amr} and {@code sid}. Never the tokens themselves.
 */
public record UpstreamIdentity(String subject, Map<String, Object> claims, List<String> amr, Optional<String> sid) {

    public UpstreamIdentity {
        claims = Map.copyOf(claims);
        amr = List.copyOf(amr);
    }

    /** A claim as text: a string, or a boolean or number written out; empty when absent, blank or of another kind. */
    public Optional<String> text(String claim) {
        Object value = claims.get(claim);
        if (value instanceof String text) {
            return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
        }
        return value instanceof Boolean || value instanceof Number ? Optional.of(value.toString()) : Optional.empty();
    }

    /** OIDC Core §5.1: only {@code true} (the boolean, or the string some providers send) says the address was verified. */
    public boolean emailVerified() {
        Object value = claims.get("email_verified");
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /** A claim holding one value or a list of them (roles, groups), as text; empty when absent. */
    public List<String> values(String claim) {
        Object value = claims.get(claim);
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "UpstreamIdentity[" + claims.size() + " claims]";
    }
}
