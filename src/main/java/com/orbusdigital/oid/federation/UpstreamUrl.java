package com.orbusdigital.oid.federation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for an upstream provider's issuer and endpoints: an absolute https URL without a fragment
 * or user info. Plain http only for a loopback host, where a provider under test runs (nothing on the
 * way to read a code or a secret); anywhere else it would carry the client secret and the user's
 * tokens in clear.
 */
final class UpstreamUrl {

    static final int MAX_LENGTH = 2000;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private UpstreamUrl() {}

    /** What is wrong with {@code value}, if anything; an issuer may not carry a query either (OpenID Connect Discovery §4.3). */
    static Optional<String> problem(String value, boolean issuer) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL");
        }
        if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.of("must use https (http only for localhost, 127.0.0.1 or [::1])");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry user info");
        }
        if (issuer && uri.getRawQuery() != null) {
            return Optional.of("must not have a query (an OpenID issuer has none)");
        }
        return Optional.empty();
    }
}
