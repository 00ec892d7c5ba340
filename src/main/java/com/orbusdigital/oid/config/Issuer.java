package com.orbusdigital.oid.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * JWT_ISSUER. Tokens and discovery carry {@link #value()} exactly as configured; endpoint URLs are
 * joined under it without doubling or losing a slash, whatever the configured value ends with.
 */
public record Issuer(String value) {

    static final String VARIABLE = "JWT_ISSUER";

    static Issuer parse(String raw, boolean production) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(VARIABLE, "is not a valid URL: '" + raw + "'");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new ConfigException(VARIABLE, "must be an absolute http(s) URL with a host, got '" + raw + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(VARIABLE, "must not contain a query, fragment or user info (OpenID Connect Discovery §3), got '" + raw + "'");
        }
        if (production && !scheme.equals("https")) {
            throw new ConfigException(VARIABLE, "must use https when ODS_ENV=production, got '" + raw + "'");
        }
        return new Issuer(raw);
    }

    /** The URL of an endpoint under the issuer, e.g. {@code endpoint("/token")}. */
    public String endpoint(String path) {
        String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return base + path;
    }

    public boolean isHttps() {
        return value.startsWith("https://");
    }

    @Override
    public String toString() {
        return value;
    }
}
