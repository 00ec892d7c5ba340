package com.orbusdigital.oid.protocol;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** An OAuth scope (RFC 6749 §3.3): a set of scope tokens, kept in the order given. */
public record Scope(Set<String> values) {

    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final int MAX_TOKENS = 64;

    public Scope {
        values = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    public static Scope of(Collection<String> values) {
        return new Scope(new LinkedHashSet<>(values));
    }

    /** Parses the space-delimited {@code scope} parameter; a malformed one is {@code invalid_scope}. */
    public static Scope parse(String parameter) {
        Set<String> values = new LinkedHashSet<>();
        for (String token : parameter.split(" ", -1)) {
            if (token.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(token).matches()) {
                throw OAuthException.of(OAuthError.INVALID_SCOPE, "scope values must be 1 to 128 characters from RFC 6749 §3.3 (no quotes, backslashes or spaces)");
            }
            values.add(token);
        }
        if (values.size() > MAX_TOKENS) {
            throw OAuthException.of(OAuthError.INVALID_SCOPE, "at most " + MAX_TOKENS + " scope values may be requested");
        }
        return new Scope(values);
    }

    /** Whether a single value is a valid scope token (RFC 6749 §3.3). */
    public static boolean isToken(String value) {
        return TOKEN.matcher(value).matches();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean contains(String value) {
        return values.contains(value);
    }

    @Override
    public String toString() {
        return String.join(" ", values);
    }
}
