package com.orbusdigital.oid.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code user:password@} part of a URL setting (DATABASE_URL, OID_SMTP_URL), split from the
 * host and percent-decoded. Errors name the variable and never repeat the input: it holds a password.
 *
 * @param hostPort what follows the {@code @} (the whole authority when there is none)
 */
record UrlCredentials(Optional<String> user, Optional<String> password, String hostPort) {

    @Override
    public String toString() {
        return "UrlCredentials[" + user.orElse("") + "@" + hostPort + "]";
    }

    static UrlCredentials split(String rawAuthority, String variable) {
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String hostPort = rawAuthority;
        int at = rawAuthority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rawAuthority.substring(0, at);
            hostPort = rawAuthority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!rawUser.isEmpty()) {
                user = Optional.of(decode(rawUser, "user name", variable));
            }
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1), "password", variable));
            }
        }
        return new UrlCredentials(user, password, hostPort);
    }

    /** Percent-decoding where {@code +} stays a plus (it is not a form). */
    static String decode(String raw, String what, String variable) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, "has a malformed percent-encoding in the " + what);
        }
    }
}
