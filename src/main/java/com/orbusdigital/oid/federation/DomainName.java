package com.orbusdigital.oid.federation;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email domain as home-realm discovery compares it: lowercase ASCII (an internationalised name in
 * its IDNA "xn--" form, as {@link IDN} converts it), at least two labels of letters, digits and
 * hyphens, at most 253 characters. Never a wildcard or an address: a domain names exactly itself.
 */
final class DomainName {

    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final String RULE = "must be a domain name such as example.com (no @, no wildcard, at most 253 characters)";

    private DomainName() {}

    /** The domain in the form it is stored and compared in, or empty when it is not one. */
    static Optional<String> ascii(String value) {
        if (value.contains("@") || value.contains("*") || value.endsWith(".")) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
        if (ascii.isEmpty() || ascii.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }
}
