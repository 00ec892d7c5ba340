package com.orbusdigital.oid.oauth;

import com.orbusdigital.oid.protocol.OAuthException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a client identified itself on a request: {@code client_secret_basic}, {@code client_secret_post}
 * or a bare {@code client_id} (public clients). RFC 6749 §2.3 forbids using more than one method.
 */
public record ClientCredentials(Optional<String> clientId, Optional<String> secret, Method method) {

    public enum Method { CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, NONE }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId.orElse("-") + ", " + method + "]";
    }

    public boolean basicAttempted() {
        return method == Method.CLIENT_SECRET_BASIC;
    }

    /** Reads the Authorization header and the client_id/client_secret form parameters. */
    public static ClientCredentials from(String authorization, FormParameters form) {
        Optional<String> formId = form.optional("client_id");
        Optional<String> formSecret = form.optional("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret.isPresent()) {
                throw OAuthException.invalidRequest("use one client authentication method: HTTP Basic or client_secret in the body, not both");
            }
            ClientCredentials basic = basic(authorization.substring(6).strip());
            if (formId.isPresent() && !formId.equals(basic.clientId())) {
                throw OAuthException.invalidRequest("client_id in the body differs from the authenticated client");
            }
            return basic;
        }
        if (formSecret.isPresent()) {
            if (formId.isEmpty()) {
                throw OAuthException.invalidClient("client_secret was sent without client_id", false);
            }
            return new ClientCredentials(formId, formSecret, Method.CLIENT_SECRET_POST);
        }
        return new ClientCredentials(formId, Optional.empty(), Method.NONE);
    }

    /** RFC 6749 §2.3.1: base64 of form-urlencoded client_id ":" form-urlencoded secret. */
    private static ClientCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("the Basic credentials are not valid base64", true);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthException.invalidClient("the Basic credentials must be client_id:client_secret", true);
        }
        String id;
        String secret;
        try {
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("the Basic credentials have a malformed percent-encoding", true);
        }
        // as in a form: a control character (%00 would even break the client lookup) is never part of a client_id
        if (hasControlCharacter(id) || hasControlCharacter(secret)) {
            throw OAuthException.invalidClient("the Basic credentials contain a control character", true);
        }
        return new ClientCredentials(Optional.of(id), Optional.of(secret), Method.CLIENT_SECRET_BASIC);
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
