package com.orbusdigital.oid.web;

import com.orbusdigital.oid.crypto.RandomValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Double-submit CSRF protection for OID's forms: a random value in a SameSite=Strict cookie and the
 * same value in a hidden field. Another site can make a browser post a form here but can neither
 * read nor set the cookie, so its post never matches.
 */
public final class Csrf {

    public static final String FIELD = "csrf";

    /** The value a form carries, and the cookie to set when the browser has none yet. */
    public record Token(String value, List<String> setCookies) {}

    private Csrf() {}

    public static Token forForm(Optional<String> cookie, BrowserCookies cookies) {
        if (cookie.filter(Csrf::wellFormed).isPresent()) {
            return new Token(cookie.get(), List.of());
        }
        String fresh = RandomValues.base64url(32);
        return new Token(fresh, List.of(cookies.csrf(fresh)));
    }

    /** Compared in constant time. */
    public static boolean matches(Optional<String> field, Optional<String> cookie) {
        return field.isPresent() && cookie.filter(Csrf::wellFormed).isPresent()
                && MessageDigest.isEqual(field.get().getBytes(StandardCharsets.UTF_8), cookie.get().getBytes(StandardCharsets.UTF_8));
    }

    /** 32 random bytes in base64url, as {@link #forForm} makes them. */
    private static boolean wellFormed(String value) {
        return value.length() == 43 && value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    }
}
