package com.orbusdigital.oid.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A URI with parameters added to its query: the one place OID writes a query — the redirects to a
 * client (a code, an error, after a logout) and the links of its pages — and its one URL encoder.
 * The base may already have a query (a registered redirect URI may, RFC 6749 §3.1.2); it is kept
 * as registered and the parameters follow it. Every value is encoded once, here.
 */
public final class UrlQuery {

    private final StringBuilder uri;
    private boolean hasQuery;

    private UrlQuery(String base) {
        this.uri = new StringBuilder(base);
        this.hasQuery = base.indexOf('?') >= 0;
    }

    /** Parameters to add to {@code base}, a URI or a path relative to OID. */
    public static UrlQuery on(String base) {
        return new UrlQuery(base);
    }

    public UrlQuery add(String name, String value) {
        uri.append(hasQuery ? '&' : '?').append(encode(name)).append('=').append(encode(value));
        hasQuery = true;
        return this;
    }

    /** Adds the parameter only when there is a value. */
    public UrlQuery add(String name, Optional<String> value) {
        value.ifPresent(present -> add(name, present));
        return this;
    }

    public URI toUri() {
        return URI.create(uri.toString());
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    /**
     * A query value as application/x-www-form-urlencoded has it, but for the space: {@code %20}
     * rather than {@code +}, which RFC 3986 readers would take literally.
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
