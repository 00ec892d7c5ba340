package com.orbusdigital.oid.protocol;

import java.util.Optional;

/**
 * How an authorization response goes back to the client (OAuth 2.0 Multiple Response Type Encoding
 * Practices §2.1, Form Post Response Mode): {@code query}, the default of {@code response_type=code},
 * or {@code form_post}, a page whose form the browser posts to the redirect URI. {@code fragment}
 * belongs to the implicit and hybrid flows, which OID does not have.
 */
public enum ResponseMode {
    QUERY("query"),
    FORM_POST("form_post");

    private final String value;

    ResponseMode(String value) {
        this.value = value;
    }

    /** The parameter's value. */
    public String value() {
        return value;
    }

    /** The mode a {@code response_mode} value names, if OID has it. */
    public static Optional<ResponseMode> of(String value) {
        for (ResponseMode mode : values()) {
            if (mode.value.equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
