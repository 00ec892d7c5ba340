package com.orbusdigital.oid.oauth.authorize;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Why an authorization request was refused, and how to say so. Before the client and its
 * redirect URI are established the browser must not be sent anywhere (RFC 9700 §4.1: an open
 * redirector); after that, the error goes back to the client with its state and our issuer
 * (RFC 9207).
 */
public sealed interface AuthorizationError {

    /** Shown to the user as a page; never redirected. */
    record ErrorPage(String message) implements AuthorizationError {}

    /** Sent back to the client's redirect URI. */
    record Redirect(String redirectUri, String error, String description, Optional<String> state) implements AuthorizationError {

        /** The redirect URI with error, error_description, state and iss appended to its query. */
        public URI location(String issuer) {
            StringBuilder url = new StringBuilder(redirectUri);
            url.append(redirectUri.contains("?") ? '&' : '?');
            url.append("error=").append(encode(error));
            url.append("&error_description=").append(encode(description));
            state.ifPresent(s -> url.append("&state=").append(encode(s)));
            url.append("&iss=").append(encode(issuer));
            return URI.create(url.toString());
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
