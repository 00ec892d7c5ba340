package com.orbusdigital.oid.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Redirect URI rules of a careful authorization server (RFC 9700 §2.1, RFC 8252 §7): absolute,
 * compared later by exact string, no fragment, no wildcard, no user info; https, or http only on a
 * loopback host; a native (public) app may also use a private-use scheme in reverse-domain form
 * such as {@code com.example.app:/callback}.
 * <p>
 * A loopback host is an address, never a prefix (RFC 8252 §8.3): an IPv4 literal in 127.0.0.0/8,
 * {@code [::1]}, or exactly {@code localhost} — {@code 127.0.0.1.evil.example} is someone else's
 * host. A registered loopback IP literal matches a requested URI that differs only in its port
 * (RFC 8252 §7.3: a native app listens on whatever port the system gives it); {@code localhost}
 * does not, since its name may resolve elsewhere.
 */
public final class RedirectUris {

    private static final Pattern IPV4 = Pattern.compile("(?:(?:0|[1-9][0-9]{0,2})\\.){3}(?:0|[1-9][0-9]{0,2})");

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
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> uri.getHost() == null ? Optional.of("must name a host") : Optional.empty();
            case "http" -> isLoopback(uri.getHost()) ? Optional.empty()
                    : Optional.of("must use https (http is allowed only on a loopback host)");
            default -> type == ClientType.PUBLIC && isPrivateUseScheme(scheme) ? Optional.empty()
                    : Optional.of("must use https, http on a loopback host, or (for public native apps) a reverse-domain private-use scheme");
        };
    }

    /**
     * Whether a requested redirect URI is one of the registered ones: a registration these rules
     * refuse (made before they were this strict) matches nothing.
     */
    public static boolean allows(List<String> registered, String requested, ClientType type) {
        return registered.stream().anyMatch(uri -> matches(uri, requested) && problem(uri, type).isEmpty());
    }

    /** Exactly equal, or, for a registered loopback IP literal, equal but for the port. */
    public static boolean matches(String registered, String requested) {
        if (registered.equals(requested)) {
            return true;
        }
        Optional<String> portless = withoutLoopbackPort(registered);
        return portless.isPresent() && portless.equals(withoutLoopbackPort(requested));
    }

    /**
     * The URI without its port, when it is a plain http URI on a loopback IP literal (with a port of
     * 1 to 65535, or none); empty for anything else. Everything but the port is kept as written.
     */
    private static Optional<String> withoutLoopbackPort(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || !isLoopbackAddress(uri.getHost())
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.empty();
        }
        return Optional.of("http://" + uri.getHost() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.toLowerCase(Locale.ROOT).equals("localhost") || isLoopbackAddress(host));
    }

    /** [::1], or an IPv4 literal of 127.0.0.0/8 in dotted-decimal (four parts, no leading zeros: 127.1 or 0177 mean other things to other parsers). */
    private static boolean isLoopbackAddress(String host) {
        if (host.equals("[::1]")) {
            return true;
        }
        if (!IPV4.matcher(host).matches()) {
            return false;
        }
        for (String part : host.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return host.startsWith("127.");
    }

    private static boolean isPrivateUseScheme(String scheme) {
        return scheme != null && scheme.contains(".") && !scheme.startsWith("http");
    }
}
