package com.orbusdigital.oid.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Redirect URI rules of a careful authorization server (RFC 9700 §2.1, RFC 8252 §7): absolute,
 * compared later by exact string, no fragment, no wildcard, no user info; https, or http only on a
 * loopback host; a native (public) app may also use a private-use scheme in reverse-domain form
 * such as {@code com.example.app:/callback}.
 */
public final class RedirectUris {

    private RedirectUris() {}

    /** What is wrong with the URI, or empty when it is acceptable for a client of this type. */
    public static Optional<String> problem(String value, ClientType type) {
        if (value.contains("*")) {
            return Optional.of("must not contain wildcards");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.isOpaque() && !isPrivateUseScheme(uri.getScheme())) {
            return Optional.of("must be an absolute URI");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain user information");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return switch (scheme) {
            case "https" -> uri.getHost() == null ? Optional.of("must name a host") : Optional.empty();
            case "http" -> isLoopback(uri.getHost()) ? Optional.empty()
                    : Optional.of("must use https (http is allowed only on a loopback host)");
            default -> type == ClientType.PUBLIC && isPrivateUseScheme(scheme) ? Optional.empty()
                    : Optional.of("must use https, http on a loopback host, or (for public native apps) a reverse-domain private-use scheme");
        };
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("[::1]") || host.startsWith("127."));
    }

    private static boolean isPrivateUseScheme(String scheme) {
        return scheme != null && scheme.contains(".") && !scheme.startsWith("http");
    }
}
