package com.orbusdigital.oid.password;

import java.text.Normalizer;

/**
 * The one place a password's text is normalised: Unicode NFC, as NIST SP 800-63B §5.1.1.2
 * recommends, so that "é" typed as one code point or as "e" + combining accent is the same
 * password. {@link PasswordHasher} (hash and verify) and {@link PasswordPolicy} (check) both call
 * it, so callers pass the password exactly as it was entered.
 */
final class PasswordText {

    private PasswordText() {}

    static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC);
    }

    static int length(String normalized) {
        return normalized.codePointCount(0, normalized.length());
    }
}
