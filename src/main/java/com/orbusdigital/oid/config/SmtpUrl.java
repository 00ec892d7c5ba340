package com.orbusdigital.oid.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OID_SMTP_URL, parsed: {@code smtps://user:password@host:465} (TLS from the first byte) or
 * {@code smtp://user:password@host:587} (STARTTLS when the server offers it; OID_SMTP_REQUIRE_STARTTLS
 * insists). User and password are percent-encoded and optional. As with DATABASE_URL, neither an
 * error message nor {@link #toString} ever repeats the password.
 *
 * @param implicitTls smtps: TLS from the start
 */
public record SmtpUrl(boolean implicitTls, String host, int port, Optional<String> user, Optional<Secret> password) {

    static final String VARIABLE = "OID_SMTP_URL";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+]");

    public static SmtpUrl parse(String raw) {
        String value = raw.strip();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // e.getMessage() repeats the input, which may contain the password: say where, not what
            throw new ConfigException(VARIABLE, "is not a valid URL (bad character at index " + e.getIndex()
                    + "; percent-encode special characters in the user name and password)");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new ConfigException(VARIABLE, "must start with smtps:// (TLS from the start) or smtp:// (STARTTLS), "
                    + "e.g. smtps://user:password@smtp.example.com:465");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new ConfigException(VARIABLE, "has no host (expected " + scheme + "://user:password@host:port)");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(VARIABLE, "takes no path, query or fragment (expected " + scheme + "://user:password@host:port)");
        }
        UrlCredentials credentials = UrlCredentials.split(authority, VARIABLE);
        Optional<String> user = credentials.user();
        Optional<Secret> password = credentials.password().map(Secret::new);
        authority = credentials.hostPort();
        boolean implicitTls = scheme.equals("smtps");
        int colon = authority.lastIndexOf(':');
        String host = authority;
        int port = implicitTls ? 465 : 587;
        if (colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                // not repeated: a mistyped URL can put part of the password where the port goes
                throw new ConfigException(VARIABLE, "has a port that is not a number from 1 to 65535");
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(VARIABLE, "has no valid host name");
        }
        return new SmtpUrl(implicitTls, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, user, password);
    }

    /** Safe to log: the scheme, user and address, never the password. */
    @Override
    public String toString() {
        return (implicitTls ? "smtps://" : "smtp://") + user.map(u -> u + (password.isPresent() ? ":********" : "") + "@").orElse("")
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
